package dev.aisle.trainer.evaluation;

/**
 * x_u · Yᵀ for all items. Item factors are kept transposed (k × items, row-major) so the product is
 * k passes of out += x[d] · Yt[d], a loop the JIT vectorizes.
 */
public final class AlsScorer implements Scorer {

  private final float[] users;
  private final float[] itemsTransposed;
  private final int k;
  private final int items;

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
