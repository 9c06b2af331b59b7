package dev.aisle.spark.als;

import java.io.Serializable;

/**
 * The factors of one block's rows: {@code data} is rows × k, row-major, row i belongs to id {@code
 * rows[i]} (the {@link SideBlock}'s rows, shared, not copied).
 */
public final class FactorBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] rows;
  private final float[] data;

  FactorBlock(int[] rows, float[] data) {
    this.rows = rows;
    this.data = data;
  }

  /** The ids of this block's rows, ascending. Shared: do not modify. */
  public int[] rows() {
    return rows;
  }

  /** rows × k factors, row-major. Shared: do not modify. */
  public float[] data() {
    return data;
  }
}
