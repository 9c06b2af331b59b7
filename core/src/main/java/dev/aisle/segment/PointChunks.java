package dev.aisle.segment;

import dev.aisle.parallel.Chunks;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * How k-means spreads its loops over points: slots 0..size-1 cut into fixed chunks of {@value
 * #SIZE}, run by {@link Chunks} on the pool of one fit. The cut never depends on the thread count,
 * and callers add per-chunk partial results in chunk order, so the results do not either.
 */
final class PointChunks {

  static final int SIZE = 1 << 14;

  private final ExecutorService pool;
  private final int threads;

  /**
   * @param pool the fit's pool; at most {@code threads} of its threads take part
   */
  PointChunks(ExecutorService pool, int threads) {
    this.pool = pool;
    this.threads = threads;
  }

  static int count(int size) {
    return Chunks.count(size, SIZE);
  }

  static int start(int chunk) {
    return chunk * SIZE;
  }

  static int end(int chunk, int size) {
    return Math.min(size, (chunk + 1) * SIZE);
  }

  /**
   * Runs every chunk of {@code size} slots.
   *
   * @param workers called once per thread (so scratch arrays are per thread); the worker it returns
   *     runs each chunk index the thread claims
   */
  void forEach(String what, int size, Supplier<IntConsumer> workers) {
    Chunks.run(pool, "kmeans " + what, threads, count(size), workers);
  }

  /** The sum of the workers' results over every chunk of {@code size} slots (exact: longs). */
  long sum(String what, int size, Supplier<IntToLongFunction> workers) {
    long[] partial = new long[count(size)];
    forEach(
        what,
        size,
        () -> {
          IntToLongFunction worker = workers.get();
          return chunk -> partial[chunk] = worker.applyAsLong(chunk);
        });
    long total = 0;
    for (long p : partial) {
      total += p;
    }
    return total;
  }
}
