package dev.aisle.trainer.model;

import dev.aisle.scoring.PairHeap;

/**
 * One bounded min-heap of (score, item) per item, all in flat primitive arrays: the best {@code
 * width} positive scores offered to each item. "Better" is {@link PairHeap}'s total order (higher
 * score, then lower item), so the kept lists do not depend on the order pairs arrive in. Not
 * thread-safe: callers guard each item's heap.
 */
final class NeighbourHeaps {

  private final int width;
  private final float[] scores;
  private final int[] rows;
  private final int[] sizes;

  /**
   * Per item, the score a newcomer must reach; 0 while the heap has room (only positives enter).
   */
  private final float[] floorScores;

  /** Per item, with a score equal to the floor a newcomer must have a lower item than this. */
  private final int[] floorRows;

  NeighbourHeaps(int items, int width) {
    this.width = width;
    scores = new float[items * width];
    rows = new int[items * width];
    sizes = new int[items];
    floorScores = new float[items];
    floorRows = new int[items];
    // not full: a positive score enters, zero does not (no item is below -1)
    java.util.Arrays.fill(floorRows, -1);
  }

  /**
   * The cheap test of the scan: a score below this cannot enter item i's heap (at or above it,
   * {@link #offer} decides).
   */
  float floor(int item) {
    return floorScores[item];
  }

  /** Offers (score, neighbour) to item's heap; kept when it beats the heap's worst. */
  void offer(int item, float score, int neighbour) {
    float floor = floorScores[item];
    if (!(score > floor || score == floor && neighbour < floorRows[item])) {
      return;
    }
    int base = item * width;
    int size = sizes[item];
    if (size < width) {
      scores[base + size] = score;
      rows[base + size] = neighbour;
      PairHeap.siftUp(scores, rows, base, size);
      sizes[item] = ++size;
    } else {
      scores[base] = score;
      rows[base] = neighbour;
      PairHeap.siftDown(scores, rows, base, width, 0);
    }
    if (size == width) {
      floorScores[item] = scores[base];
      floorRows[item] = rows[base];
    }
  }

  /**
   * Every item's kept pairs best first into {@code neighbours} and {@code out} (stride width,
   * padded with -1 and 0); empties the heaps.
   */
  void drainInto(int[] neighbours, float[] out) {
    for (int item = 0; item < sizes.length; item++) {
      int base = item * width;
      for (int left = sizes[item]; left > 0; left--) {
        // the root is the worst kept: it goes to the last free place
        neighbours[base + left - 1] = rows[base];
        out[base + left - 1] = scores[base];
        scores[base] = scores[base + left - 1];
        rows[base] = rows[base + left - 1];
        PairHeap.siftDown(scores, rows, base, left - 1, 0);
      }
      sizes[item] = 0;
    }
  }
}
