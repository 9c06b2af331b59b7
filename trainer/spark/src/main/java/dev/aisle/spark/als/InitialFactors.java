package dev.aisle.spark.als;

import dev.aisle.als.StartingFactors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * A side's first factors: a row's given vector if it has one, else the single-node trainer's
 * random unit direction ({@link StartingFactors}) drawn from a generator seeded by (seed, side,
 * row). Seeding per row makes the start independent of how rows are blocked or partitioned.
 */
final class InitialFactors {

  static final int USERS = 1;
  static final int ITEMS = 2;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private InitialFactors() {}

  static JavaPairRDD<Integer, FactorBlock> of(
      JavaPairRDD<Integer, SideBlock> side,
      JavaPairRDD<Integer, float[]> given,
      int k,
      long seed,
      int sideTag,
      Partitioner partitioner) {
    if (given == null) {
      return side.mapValues(
          block -> new FactorBlock(block.rows, random(block.rows, k, seed, sideTag)));
    }
    int blocks = partitioner.numPartitions();
    JavaPairRDD<Integer, Tuple2<Integer, float[]>> byBlock =
        given.mapToPair(
            t -> {
              if (t._1() == null || t._1() < 0 || t._2() == null || t._2().length != k) {
                throw new IllegalArgumentException(
                    "a starting vector needs a row >= 0 and k = "
                        + k
                        + " values, got row "
                        + t._1()
                        + " with "
                        + (t._2() == null ? "none" : t._2().length + " values"));
              }
              return new Tuple2<>(SideBlock.blockOf(t._1(), blocks), t);
            });
    // given rows of blocks without pairs come back without a side block: nothing to start
    return side.cogroup(byBlock, partitioner)
        .filter(t -> t._2()._1().iterator().hasNext())
        .mapValues(
            g -> {
              SideBlock block = HalfSweep.only(g._1());
              float[] data = random(block.rows, k, seed, sideTag);
              for (Tuple2<Integer, float[]> row : g._2()) {
                int i = Arrays.binarySearch(block.rows, row._1());
                if (i >= 0) {
                  System.arraycopy(row._2(), 0, data, i * k, k);
                }
              }
              return new FactorBlock(block.rows, data);
            });
  }

  static float[] random(int[] rows, int k, long seed, int sideTag) {
    float[] data = new float[rows.length * k];
    for (int i = 0; i < rows.length; i++) {
      SplittableRandom random =
          new SplittableRandom(seed ^ (sideTag * GOLDEN) ^ ((rows[i] + 1L) * GOLDEN * 31));
      StartingFactors.fillRow(data, i * k, k, random);
    }
    return data;
  }
}
