package dev.aisle.linalg;

/**
 * Dot products of a few rows against a whole {@link ColumnTiles} tile: out[r][c] = row r · tile row
 * c, each summed in {@link FloatKernels}' lane order, so every score has the bits {@link
 * FloatKernels#dot} gives the same pair (and dot(a, b) = dot(b, a): products commute and the order
 * of the sums is the same). Exact similar items use it for all pairs of items.
 *
 * <p>The lane order here: the tile's values at dimension d are added into accumulator {@code d mod
 * 8} (a tail past the last multiple of 8 into accumulator 0), one accumulator per lane per column,
 * dimensions in increasing order, then the eight are added as the scalar dot's tree. The scalar
 * implementation keeps the accumulators in arrays (its loops run along the tile's columns, which
 * Java 17's JIT vectorizes); the Vector API one keeps them in registers. One instance per thread:
 * the scalar one holds its accumulators.
 */
public abstract class TileDots {

  TileDots() {}

  /** The implementation {@link FloatKernels} uses: vector or scalar. */
  public static TileDots create() {
    if ("vector".equals(FloatKernels.implementation())) {
      try {
        return (TileDots)
            Class.forName("dev.aisle.linalg.VectorTileDots").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        return new ScalarTileDots();
      }
    }
    return new ScalarTileDots();
  }

  /** The scalar implementation whatever the JVM offers (the reference of the vector one). */
  static TileDots scalar() {
    return new ScalarTileDots();
  }

  public abstract String name();

  /** Rows per {@link ColumnTiles} tile this implementation runs fastest on. */
  public abstract int width();

  /**
   * out[r][c] = matrix row (firstRow + r) · tile row c, for r below {@code count} and every c below
   * the tiles' width (zero for the padding past a short tile's rows).
   *
   * @param tiles of {@link #width()} rows each
   * @param matrix row-major, stride {@code tiles.k()}
   * @param out at least {@code count} arrays of at least the tiles' width
   */
  public abstract void dots(
      float[] matrix, int firstRow, int count, ColumnTiles tiles, int tile, float[][] out);

  /** The accumulator dimension d goes to (lane order). */
  static int lane(int d, int k) {
    return d < (k & ~7) ? d & 7 : 0;
  }
}
