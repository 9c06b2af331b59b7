package dev.aisle.scoring;

/**
 * The sift operations of a binary min-heap of (score, row) pairs stored in two primitive arrays
 * from {@code base} on, whose root is the worst kept pair. "Better" is a total order: higher score,
 * then lower row, so what a bounded heap keeps does not depend on the order pairs arrive in. {@link
 * TopKHeap} keeps one heap at base 0; callers with many small heaps (one per item) lay them out
 * side by side.
 */
public final class PairHeap {

  private PairHeap() {}

  /** a is worse than b: lower score, or equal score and higher row. */
  public static boolean worse(float sa, int ra, float sb, int rb) {
    return sa < sb || sa == sb && ra > rb;
  }

  /** Moves the pair at {@code base + i} up to its place. */
  public static void siftUp(float[] scores, int[] rows, int base, int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(scores[base + i], rows[base + i], scores[base + parent], rows[base + parent])) {
        return;
      }
      swap(scores, rows, base + i, base + parent);
      i = parent;
    }
  }

  /** Moves the pair at {@code base + i} down to its place in a heap of {@code size} pairs. */
  public static void siftDown(float[] scores, int[] rows, int base, int size, int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size
          && worse(
              scores[base + right], rows[base + right], scores[base + left], rows[base + left])) {
        worst = right;
      }
      if (!worse(scores[base + worst], rows[base + worst], scores[base + i], rows[base + i])) {
        return;
      }
      swap(scores, rows, base + i, base + worst);
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
