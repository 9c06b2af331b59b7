package dev.aisle.als;

import java.util.Arrays;

/**
 * A sparse users × items matrix of interaction weights (w ≥ 0, already aggregated per pair),
 * compressed by row. Layout: row r's entries are {@code cols[rowStart[r] .. rowStart[r+1])} with
 * weights {@code values[...]} at the same positions; columns within a row are ascending.
 */
public final class InteractionMatrix {

  private final int rows;
  private final int columns;
  private final int[] rowStart;
  private final int[] cols;
  private final float[] values;

  public InteractionMatrix(int rows, int columns, int[] rowStart, int[] cols, float[] values) {
    if (rowStart.length != rows + 1
        || cols.length != values.length
        || rowStart[rows] != cols.length) {
      throw new IllegalArgumentException("inconsistent compressed rows");
    }
    this.rows = rows;
    this.columns = columns;
    this.rowStart = rowStart;
    this.cols = cols;
    this.values = values;
  }

  /**
   * Builds the matrix from (row, column, weight) triplets in any order; weights of repeated pairs
   * are summed.
   */
  public static InteractionMatrix fromTriplets(
      int rows, int columns, int[] r, int[] c, float[] w, int count) {
    int[] start = new int[rows + 1];
    for (int n = 0; n < count; n++) {
      start[r[n] + 1]++;
    }
    for (int i = 0; i < rows; i++) {
      start[i + 1] += start[i];
    }
    int[] next = Arrays.copyOf(start, rows);
    int[] cs = new int[count];
    float[] vs = new float[count];
    for (int n = 0; n < count; n++) {
      int at = next[r[n]]++;
      cs[at] = c[n];
      vs[at] = w[n];
    }
    return sortAndMerge(rows, columns, start, cs, vs);
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  /** Stored (non-zero) entries. */
  public int nonZeros() {
    return cols.length;
  }

  public int rowStart(int row) {
    return rowStart[row];
  }

  public int rowEnd(int row) {
    return rowStart[row + 1];
  }

  public int rowLength(int row) {
    return rowStart[row + 1] - rowStart[row];
  }

  /** Column indices, addressed by {@link #rowStart(int)}; shared, not copied. */
  public int[] cols() {
    return cols;
  }

  /** Weights, aligned with {@link #cols()}; shared, not copied. */
  public float[] values() {
    return values;
  }

  /** The items × users matrix with the same weights. */
  public InteractionMatrix transpose() {
    int[] start = new int[columns + 1];
    for (int col : cols) {
      start[col + 1]++;
    }
    for (int i = 0; i < columns; i++) {
      start[i + 1] += start[i];
    }
    int[] next = Arrays.copyOf(start, columns);
    int[] tc = new int[cols.length];
    float[] tv = new float[cols.length];
    for (int row = 0; row < rows; row++) {
      for (int n = rowStart[row]; n < rowStart[row + 1]; n++) {
        int at = next[cols[n]]++;
        tc[at] = row;
        tv[at] = values[n];
      }
    }
    return new InteractionMatrix(columns, rows, start, tc, tv);
  }

  private static InteractionMatrix sortAndMerge(
      int rows, int columns, int[] start, int[] cs, float[] vs) {
    int[] outStart = new int[rows + 1];
    int write = 0;
    long[] packed = new long[0];
    for (int row = 0; row < rows; row++) {
      int from = start[row];
      int len = start[row + 1] - from;
      if (packed.length < len) {
        packed = new long[Math.max(len, packed.length * 2)];
      }
      // Sort one row by column, keeping each weight with its column (column in the high bits).
      for (int n = 0; n < len; n++) {
        packed[n] =
            ((long) cs[from + n] << 32) | (Float.floatToRawIntBits(vs[from + n]) & 0xFFFFFFFFL);
      }
      Arrays.sort(packed, 0, len);
      outStart[row] = write;
      for (int n = 0; n < len; n++) {
        int col = (int) (packed[n] >>> 32);
        float w = Float.intBitsToFloat((int) packed[n]);
        if (write > outStart[row] && cs[write - 1] == col) {
          vs[write - 1] += w;
        } else {
          cs[write] = col;
          vs[write] = w;
          write++;
        }
      }
    }
    outStart[rows] = write;
    return new InteractionMatrix(
        rows, columns, outStart, Arrays.copyOf(cs, write), Arrays.copyOf(vs, write));
  }
}
