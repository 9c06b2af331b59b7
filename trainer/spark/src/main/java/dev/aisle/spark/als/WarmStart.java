package dev.aisle.spark.als;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Where a fit starts: given factors for some rows (row id → k floats, one vector per row), seeded
 * random values for the others. An incremental run passes the previous model's item factors
 * (remapped to this run's item rows): the first user half-sweep then solves against them instead of
 * noise, so fewer sweeps reach the same quality. Rows given here but absent from the pairs are
 * ignored. User factors are accepted for tests and benchmarks; a published model holds none.
 */
public final class WarmStart {

  private static final WarmStart NONE = new WarmStart(null, null);

  private final JavaPairRDD<Integer, float[]> items;
  private final JavaPairRDD<Integer, float[]> users;

  private WarmStart(JavaPairRDD<Integer, float[]> items, JavaPairRDD<Integer, float[]> users) {
    this.items = items;
    this.users = users;
  }

  /** Random factors for every row (seeded by {@code AlsParameters.seed()}). */
  public static WarmStart none() {
    return NONE;
  }

  /** Start the items from these factors. */
  public static WarmStart items(JavaPairRDD<Integer, float[]> itemFactors) {
    return new WarmStart(itemFactors, null);
  }

  /** This start, with the users' starting factors too. */
  public WarmStart andUsers(JavaPairRDD<Integer, float[]> userFactors) {
    return new WarmStart(items, userFactors);
  }

  /** Items' starting factors, or null for random ones. */
  JavaPairRDD<Integer, float[]> items() {
    return items;
  }

  /** Users' starting factors, or null for random ones. */
  JavaPairRDD<Integer, float[]> users() {
    return users;
  }

  /**
   * A dense row-major matrix (rows × k, row r = id r) as (row, vector) pairs, in {@code slices}
   * partitions: how a driver that read a model's factor file hands it to {@link #items}.
   */
  public static JavaPairRDD<Integer, float[]> rows(
      JavaSparkContext sc, float[] dense, int k, int slices) {
    if (k < 1 || dense.length % k != 0) {
      throw new IllegalArgumentException(
          "a dense factor matrix needs a length divisible by k = " + k);
    }
    List<Tuple2<Integer, float[]>> rows = new ArrayList<>(dense.length / k);
    for (int r = 0; r < dense.length / k; r++) {
      rows.add(new Tuple2<>(r, Arrays.copyOfRange(dense, r * k, (r + 1) * k)));
    }
    return sc.parallelizePairs(rows, slices);
  }
}
