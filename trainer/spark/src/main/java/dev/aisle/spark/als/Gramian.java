package dev.aisle.spark.als;

import dev.aisle.als.ImplicitSolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * YᵀY + λI over a side's factor blocks: each block's part by core's {@link ImplicitSolver#gramian},
 * summed on the driver in block order (not in the order tasks finish), so the result, and every
 * solve that uses it, is the same in every run.
 */
final class Gramian {

  private Gramian() {}

  static float[] of(JavaPairRDD<Integer, FactorBlock> factors, int k, float lambda) {
    List<Tuple2<Integer, float[]>> parts =
        new ArrayList<>(
            factors
                .mapValues(f -> ImplicitSolver.gramian(f.data(), f.rows().length, k, 0f))
                .collect());
    parts.sort(Comparator.comparing(Tuple2::_1));
    double[] sum = new double[k * k];
    for (Tuple2<Integer, float[]> part : parts) {
      float[] g = part._2();
      for (int n = 0; n < sum.length; n++) {
        sum[n] += g[n];
      }
    }
    float[] gram = new float[k * k];
    for (int n = 0; n < sum.length; n++) {
      gram[n] = (float) sum[n];
    }
    for (int i = 0; i < k; i++) {
      gram[i * k + i] += lambda;
    }
    return gram;
  }
}
