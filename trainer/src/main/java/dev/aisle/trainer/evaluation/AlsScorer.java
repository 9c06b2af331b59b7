package dev.aisle.trainer.evaluation;

import dev.aisle.linalg.FloatKernels;

/**
 * x_u · Yᵀ. Item factors are kept transposed (k × items, row-major) so the product is k passes of
 * out += x[d] · Yt[d], a loop the JIT vectorizes. Scored by blocks of items: a block's k slices are
 * copied into arrays of their own (the JIT vectorizes only loops whose arrays share the index) and
 * serve every user of the chunk from cache, so a million-item catalog costs a pass over the factors
 * per chunk of users, not per user.
 */
public final class AlsScorer implements BlockScorer {

  private final float[] users;
  private final float[] itemsTransposed;
  private final int k;
  private final int items;
  private float[][] slice = new float[0][];
  private int sliceFrom = -1;
  private int sliceWidth;

  public AlsScorer(float[] userFactors, float[] itemFactors, int k) {
    this.users = userFactors;
    this.k = k;
    this.items = itemFactors.length / k;
    this.itemsTransposed = transpose(itemFactors, items, k);
  }

  @Override
  public void score(int user, float[] out) {
    java.util.Arrays.fill(out, 0, items, 0f);
    int o = user * k;
    for (int d = 0; d < k; d++) {
      float xd = users[o + d];
      int row = d * items;
      for (int i = 0; i < items; i++) {
        out[i] += xd * itemsTransposed[row + i];
      }
    }
  }

  @Override
  public void score(int user, int from, int width, float[] out) {
    if (from != sliceFrom || width != sliceWidth) {
      copySlice(from, width);
    }
    java.util.Arrays.fill(out, 0, width, 0f);
    int o = user * k;
    for (int d = 0; d < k; d++) {
      FloatKernels.axpy(users[o + d], slice[d], out, 0, width);
    }
  }

  private void copySlice(int from, int width) {
    if (slice.length != k || slice[0].length < width) {
      slice = new float[k][width];
    }
    for (int d = 0; d < k; d++) {
      System.arraycopy(itemsTransposed, d * items + from, slice[d], 0, width);
    }
    sliceFrom = from;
    sliceWidth = width;
  }

  static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
