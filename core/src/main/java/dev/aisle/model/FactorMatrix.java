package dev.aisle.model;

/**
 * A dense float32 matrix of latent factors, one row per user or item. Layout: row-major in one flat
 * array, stride = {@link #cols()}; row {@code r} starts at {@code r * cols}.
 */
public final class FactorMatrix {

  private final float[] data;
  private final int rows;
  private final int cols;

  public FactorMatrix(int rows, int cols) {
    this(new float[Math.multiplyExact(rows, cols)], rows, cols);
  }

  public FactorMatrix(float[] data, int rows, int cols) {
    if (rows < 0 || cols <= 0 || data.length != (long) rows * cols) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + "x"
              + cols
              + " matrix needs "
              + (long) rows * cols
              + " floats, got "
              + data.length);
    }
    this.data = data;
    this.rows = rows;
    this.cols = cols;
  }

  /** The backing array (row-major, stride {@link #cols()}); shared, not copied. */
  public float[] data() {
    return data;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public int offset(int row) {
    return row * cols;
  }

  public float get(int row, int col) {
    return data[row * cols + col];
  }

  public void set(int row, int col, float value) {
    data[row * cols + col] = value;
  }

  /** A copy of one row. */
  public float[] row(int row) {
    float[] out = new float[cols];
    System.arraycopy(data, row * cols, out, 0, cols);
    return out;
  }
}
