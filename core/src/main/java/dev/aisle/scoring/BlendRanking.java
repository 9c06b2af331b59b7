package dev.aisle.scoring;

/**
 * Ranks candidates by a weighted sum of two normalized scores: w · norm(ALS) + (1 − w) · norm(kNN),
 * where norm maps each score min–max onto [0, 1] over the given candidates (all equal: 0). Min–max
 * rather than z-scores because item-kNN scores are sums of similarities with a long tail of zeros
 * (a candidate no item of the shopper points at), and min–max keeps those at exactly 0 of the kNN
 * term whatever the spread. The trainer's evaluation and serving both rank through here, so a
 * weight tuned on validation means the same when served.
 */
public final class BlendRanking {

  private BlendRanking() {}

  /**
   * The best {@code k} of {@code n} candidates, best first (ties: lower row first).
   *
   * @param rows candidate rows, distinct, in [0, n)
   * @param als each candidate's ALS score
   * @param knn each candidate's item-kNN score (0 when no neighbour list names it)
   * @param n how many of the arrays' entries are candidates
   * @param alsWeight w in [0, 1]
   */
  public static ScoredRows top(
      int[] rows, float[] als, float[] knn, int n, double alsWeight, int k) {
    if (n == 0 || k <= 0) {
      return ScoredRows.empty();
    }
    float[] blended = new float[n];
    blend(als, knn, n, alsWeight, blended);
    TopKHeap heap = new TopKHeap(Math.min(k, n));
    for (int c = 0; c < n; c++) {
      heap.offer(blended[c], rows[c]);
    }
    return heap.result();
  }

  /** Writes each of the first {@code n} candidates' blended score into {@code out}. */
  public static void blend(float[] als, float[] knn, int n, double alsWeight, float[] out) {
    if (n == 0) {
      return;
    }
    float alsMin = min(als, n);
    float alsSpan = max(als, n) - alsMin;
    float knnMin = min(knn, n);
    float knnSpan = max(knn, n) - knnMin;
    float w = (float) alsWeight;
    for (int c = 0; c < n; c++) {
      float a = alsSpan > 0 ? (als[c] - alsMin) / alsSpan : 0f;
      float b = knnSpan > 0 ? (knn[c] - knnMin) / knnSpan : 0f;
      out[c] = w * a + (1 - w) * b;
    }
  }

  private static float min(float[] values, int n) {
    float min = Float.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, values[i]);
    }
    return min;
  }

  private static float max(float[] values, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, values[i]);
    }
    return max;
  }
}
