package dev.aisle.spark.als;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * The implicit-ALS objective the single-node trainer reports per sweep, Σ c(p − x·y)² + λ(‖X‖² +
 * ‖Y‖²) over all user × item cells (λ·n per row when weighted), without visiting unobserved cells:
 * Σᵤ xᵤᵀ(YᵀY)xᵤ covers their p², and each observed cell adds c(1 − x·y)² − (x·y)². Costs about half
 * a sweep (the items' factors travel to the user blocks).
 */
final class Objective {

  private Objective() {}

  static double loss(
      JavaPairRDD<Integer, SideBlock> users,
      JavaPairRDD<Integer, FactorBlock> userFactors,
      JavaPairRDD<Integer, SideBlock> items,
      JavaPairRDD<Integer, FactorBlock> itemFactors,
      SolveSettings s,
      Partitioner userPartitioner) {
    int k = s.k;
    float[] yty = Gramian.of(itemFactors, k, 0f);
    JavaPairRDD<Integer, FactorMessage> messages = FactorExchange.messages(items, itemFactors, k);
    JavaPairRDD<Integer, Double> userTerms =
        users
            .cogroup(userFactors, messages, userPartitioner)
            .mapValues(
                g -> {
                  SideBlock block = HalfSweep.only(g._1());
                  float[] x = HalfSweep.only(g._2()).data();
                  float[] y = FactorExchange.assemble(block, g._3(), k);
                  double sum = 0;
                  for (int i = 0; i < block.size(); i++) {
                    int o = i * k;
                    sum +=
                        quadratic(yty, x, o, k)
                            + s.lambda(block.rowStart[i + 1] - block.rowStart[i]) * norm(x, o, k);
                    for (int e = block.rowStart[i]; e < block.rowStart[i + 1]; e++) {
                      double p = dot(x, o, y, block.cols[e] * k, k);
                      double c = 1.0 + s.alpha * block.weights[e];
                      sum += c * (1 - p) * (1 - p) - p * p;
                    }
                  }
                  return sum;
                });
    JavaPairRDD<Integer, Double> itemTerms =
        items
            .join(itemFactors)
            .mapValues(
                t -> {
                  SideBlock block = t._1();
                  float[] y = t._2().data();
                  double sum = 0;
                  for (int i = 0; i < block.size(); i++) {
                    sum += s.lambda(block.rowStart[i + 1] - block.rowStart[i]) * norm(y, i * k, k);
                  }
                  return sum;
                });
    return inBlockOrder(userTerms) + inBlockOrder(itemTerms);
  }

  /** The blocks' partial sums added in block order: the same total in every run. */
  private static double inBlockOrder(JavaPairRDD<Integer, Double> parts) {
    List<Tuple2<Integer, Double>> list = new ArrayList<>(parts.collect());
    list.sort(Comparator.comparing(Tuple2::_1));
    double sum = 0;
    for (Tuple2<Integer, Double> part : list) {
      sum += part._2();
    }
    return sum;
  }

  private static double quadratic(float[] g, float[] x, int o, int k) {
    double sum = 0;
    for (int i = 0; i < k; i++) {
      double gx = 0;
      for (int j = 0; j < k; j++) {
        gx += (double) g[i * k + j] * x[o + j];
      }
      sum += x[o + i] * gx;
    }
    return sum;
  }

  private static double norm(float[] v, int o, int k) {
    return dot(v, o, v, o, k);
  }

  private static double dot(float[] a, int ao, float[] b, int bo, int k) {
    double sum = 0;
    for (int d = 0; d < k; d++) {
      sum += (double) a[ao + d] * b[bo + d];
    }
    return sum;
  }
}
