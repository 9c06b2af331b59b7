package dev.aisle.scoring;

/**
 * The k best (score, row) pairs seen so far: a bounded binary min-heap on two primitive arrays
 * whose root is the worst kept pair. "Better" is a total order: higher score, then lower row, so
 * ties break the same way whatever order rows arrive in (and however a scan is split across
 * threads). NaN scores are never kept.
 */
public final class TopKHeap {

  private final float[] scores;
  private final int[] rows;
  private int size;

  /** The score a newcomer must beat (−∞ while the heap is not full); read by the scan loop. */
  float floorScore = Float.NEGATIVE_INFINITY;

  /** With an equal score, a newcomer must have a lower row than this. */
  int floorRow = Integer.MAX_VALUE;

  public TopKHeap(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    scores = new float[k];
    rows = new int[k];
  }

  public int capacity() {
    return scores.length;
  }

  public int size() {
    return size;
  }

  /** Whether (score, row) would enter the heap now. */
  public boolean accepts(float score, int row) {
    return score > floorScore || score == floorScore && row < floorRow;
  }

  /** Offers a pair; kept only if it beats the current floor. */
  public void offer(float score, int row) {
    if (accepts(score, row)) {
      push(score, row);
    }
  }

  /** Adds a pair the caller has checked with {@link #accepts}. */
  void push(float score, int row) {
    if (size < scores.length) {
      int i = size++;
      scores[i] = score;
      rows[i] = row;
      siftUp(i);
    } else {
      scores[0] = score;
      rows[0] = row;
      siftDown(0);
    }
    if (size == scores.length) {
      floorScore = scores[0];
      floorRow = rows[0];
    }
  }

  /** Adds every pair of {@code other} (e.g. a thread's partial result). */
  public void addAll(ScoredRows other) {
    for (int i = 0; i < other.size(); i++) {
      offer(other.score(i), other.row(i));
    }
  }

  /** The kept pairs, best first. Leaves the heap unchanged. */
  public ScoredRows result() {
    int n = size;
    float[] s = new float[n];
    int[] r = new int[n];
    // sort a copy by repeated extraction: k is small (≤ 100 in serving)
    float[] hs = scores.clone();
    int[] hr = rows.clone();
    for (int out = n - 1, left = n; out >= 0; out--) {
      s[out] = hs[0];
      r[out] = hr[0];
      left--;
      hs[0] = hs[left];
      hr[0] = hr[left];
      PairHeap.siftDown(hs, hr, 0, left, 0);
    }
    return new ScoredRows(r, s);
  }

  public void clear() {
    size = 0;
    floorScore = Float.NEGATIVE_INFINITY;
    floorRow = Integer.MAX_VALUE;
  }

  private void siftUp(int i) {
    PairHeap.siftUp(scores, rows, 0, i);
  }

  private void siftDown(int i) {
    PairHeap.siftDown(scores, rows, 0, size, i);
  }
}
