package dev.aisle.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs independent chunks of work on a few threads. Each thread builds its worker once (so scratch
 * arrays are allocated per thread, not per chunk), then claims chunks in increasing order until
 * none is left: threads that get cheap chunks simply claim more, so uneven chunks still balance.
 */
public final class Chunks {

  private Chunks() {}

  /**
   * Runs the chunks on a pool of its own, shut down when they are done.
   *
   * @param what names the work in thread names and errors
   * @param workers called once on each thread; the worker it returns runs each claimed chunk index
   * @throws IllegalStateException with the first worker failure as its cause
   */
  public static void run(String what, int threads, int chunks, Supplier<IntConsumer> workers) {
    if (chunks <= 0) {
      return;
    }
    ExecutorService pool = DaemonThreads.fixedPool("aisle-" + what, Math.min(threads, chunks));
    try {
      run(pool, what, threads, chunks, workers);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * As {@link #run(String, int, int, Supplier)}, on a pool the caller owns and reuses (ALS runs
   * several passes per sweep); at most {@code threads} of its threads take part.
   */
  public static void run(
      ExecutorService pool, String what, int threads, int chunks, Supplier<IntConsumer> workers) {
    if (chunks <= 0) {
      return;
    }
    int n = Math.max(1, Math.min(threads, chunks));
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      futures.add(
          pool.submit(
              () -> {
                IntConsumer worker = workers.get();
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                  worker.accept(c);
                }
              }));
    }
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  /** How many chunks of {@code size} cover {@code count} slots. */
  public static int count(int count, int size) {
    return (count + size - 1) / size;
  }
}
