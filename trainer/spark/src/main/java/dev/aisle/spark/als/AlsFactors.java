package dev.aisle.spark.als;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * A fit's factors as Spark keeps them: one {@link FactorBlock} per block (key = block), cached.
 * Rows without any pair are in no block. {@link #collectItems} is what a job writes to a model's
 * item-factors file; user factors stay distributed (a published model holds none) except for
 * evaluation on small data.
 */
public final class AlsFactors {

  private final JavaPairRDD<Integer, FactorBlock> users;
  private final JavaPairRDD<Integer, FactorBlock> items;
  private final int k;
  private final JavaPairRDD<Integer, SideBlock> userBlocks;
  private final JavaPairRDD<Integer, SideBlock> itemBlocks;

  AlsFactors(
      JavaPairRDD<Integer, FactorBlock> users,
      JavaPairRDD<Integer, FactorBlock> items,
      int k,
      JavaPairRDD<Integer, SideBlock> userBlocks,
      JavaPairRDD<Integer, SideBlock> itemBlocks) {
    this.users = users;
    this.items = items;
    this.k = k;
    this.userBlocks = userBlocks;
    this.itemBlocks = itemBlocks;
  }

  public int factors() {
    return k;
  }

  public JavaPairRDD<Integer, FactorBlock> users() {
    return users;
  }

  public JavaPairRDD<Integer, FactorBlock> items() {
    return items;
  }

  /**
   * Item factors as one row-major matrix (rows × k, row r = item r); items without pairs get zeros,
   * the exact solution of their system ((YᵀY + λI)·x = 0).
   */
  public float[] collectItems(int rows) {
    return dense(items, rows, k);
  }

  /**
   * User factors as one row-major matrix (rows × k): for evaluation, on data that fits the driver.
   */
  public float[] collectUsers(int rows) {
    return dense(users, rows, k);
  }

  /** Drops the fit's cached factors and blocks (once its result is written). */
  public void unpersist() {
    users.unpersist(false);
    items.unpersist(false);
    userBlocks.unpersist(false);
    itemBlocks.unpersist(false);
  }

  private static float[] dense(JavaPairRDD<Integer, FactorBlock> blocks, int rows, int k) {
    float[] out = new float[Math.multiplyExact(rows, k)];
    List<Tuple2<Integer, FactorBlock>> list = blocks.collect();
    for (Tuple2<Integer, FactorBlock> t : list) {
      int[] ids = t._2().rows();
      float[] data = t._2().data();
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] >= rows) {
          throw new IllegalArgumentException(
              "row " + ids[i] + " does not fit a matrix of " + rows + " rows");
        }
        System.arraycopy(data, i * k, out, ids[i] * k, k);
      }
    }
    return out;
  }
}
