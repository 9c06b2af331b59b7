package dev.aisle.segment;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The random samples of {@link KMeans}: the rows Lloyd's iterations run on and the rows k-means++
 * seeds from. A partial Fisher-Yates shuffle, returned in ascending row order (so the points are
 * visited in memory order); the draws depend on the seed only.
 */
final class RowSample {

  private RowSample() {}

  /** {@code size} distinct rows of 0..n-1 in ascending order (all rows when size = n). */
  static int[] of(int n, int size, Random random) {
    int[] all = IntStream.range(0, n).toArray();
    return size == n ? all : pick(all, size, random);
  }

  /** {@code size} distinct entries of {@code from}, in ascending order. */
  static int[] pick(int[] from, int size, Random random) {
    int[] order = from.clone();
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(order.length - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] picked = Arrays.copyOf(order, size);
    Arrays.sort(picked);
    return picked;
  }
}
