package dev.aisle.linalg;

/**
 * A row-major matrix held transposed, {@link #WIDTH} rows at a time: tile t, dimension d is one
 * contiguous array of the tile's {@code WIDTH} values at d (zero past the last row). A product
 * against a tile then runs along those arrays, a loop the JIT vectorizes (a dot product along a row
 * is a reduction, which Java 17 keeps scalar).
 */
public final class ColumnTiles {

  private final float[][] slices;
  private final int rows;
  private final int k;
  private final int width;

  private ColumnTiles(float[][] slices, int rows, int k, int width) {
    this.slices = slices;
    this.rows = rows;
    this.k = k;
    this.width = width;
  }

  /** The tiles of {@code rows} rows of {@code matrix}, stride {@code k}, {@code width} per tile. */
  public static ColumnTiles of(float[] matrix, int rows, int k, int width) {
    int tiles = (rows + width - 1) / width;
    float[][] slices = new float[tiles * k][width];
    for (int r = 0; r < rows; r++) {
      int tile = r / width;
      int column = r % width;
      for (int d = 0; d < k; d++) {
        slices[tile * k + d][column] = matrix[r * k + d];
      }
    }
    return new ColumnTiles(slices, rows, k, width);
  }

  public int count() {
    return slices.length / Math.max(1, k);
  }

  public int rows() {
    return rows;
  }

  public int k() {
    return k;
  }

  /** Rows per tile. */
  public int width() {
    return width;
  }

  /** How many real rows tile t holds (the last one may be short). */
  public int width(int tile) {
    return Math.min(width, rows - tile * width);
  }

  /** Tile t's values at dimension d, one per row of the tile. */
  float[] slice(int tile, int d) {
    return slices[tile * k + d];
  }
}
