package dev.aisle.segment;

import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;

/**
 * The parallel loop of {@link KMeans}: slots 0..size-1 cut into fixed chunks of {@value #SIZE},
 * each chunk one task on the common fork-join pool. The cut never depends on the thread count, and
 * callers add per-chunk partial results in chunk order, so the results do not either.
 */
final class PointChunks {

  static final int SIZE = 1 << 14;

  private PointChunks() {}

  static int count(int size) {
    return (size + SIZE - 1) / SIZE;
  }

  static int start(int chunk) {
    return chunk * SIZE;
  }

  static int end(int chunk, int size) {
    return Math.min(size, (chunk + 1) * SIZE);
  }

  /** Runs {@code task} for every chunk of {@code size} slots. */
  static void forEach(int size, IntConsumer task) {
    IntStream.range(0, count(size)).parallel().forEach(task);
  }

  /** The sum of {@code task} over every chunk of {@code size} slots (exact: longs). */
  static long sum(int size, IntToLongFunction task) {
    return IntStream.range(0, count(size)).parallel().mapToLong(task).sum();
  }
}
