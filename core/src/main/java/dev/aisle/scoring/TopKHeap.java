package dev.aisle.scoring;

/**
 * The k best (score, row) pairs seen so far: a bounded binary min-heap on two primitive arrays whose
 * root is the worst kept pair. "Better" is a total order: higher score, then lower row, so ties
 * break the same way whatever order rows arrive in (and however a scan is split across threads).
 * NaN scores are never kept.
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
      siftDown(hs, hr, left, 0);
    }
    return new ScoredRows(r, s);
  }

  public void clear() {
    size = 0;
    floorScore = Float.NEGATIVE_INFINITY;
    floorRow = Integer.MAX_VALUE;
  }

  /** a is worse than b: lower score, or equal score and higher row. */
  private static boolean worse(float sa, int ra, float sb, int rb) {
    return sa < sb || sa == sb && ra > rb;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(scores[i], rows[i], scores[parent], rows[parent])) {
        return;
      }
      swap(scores, rows, i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    siftDown(scores, rows, size, i);
  }

  private static void siftDown(float[] scores, int[] rows, int size, int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size && worse(scores[right], rows[right], scores[left], rows[left])) {
        worst = right;
      }
      if (!worse(scores[worst], rows[worst], scores[i], rows[i])) {
        return;
      }
      swap(scores, rows, i, worst);
      i = worst;
    }
  }

  private static void swap(float[] scores, int[] rows, int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
  }
}
