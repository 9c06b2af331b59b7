package dev.aisle.api.serving;

import dev.aisle.parallel.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A value read from a store on first use, then re-read every {@code interval} on a background
 * thread. A failed read keeps the previous value and is logged once until a read succeeds again.
 * Used for the unavailable items, the segment index and the content index.
 */
final class Refreshing<T> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Refreshing.class);

  private final String name;
  private final Supplier<T> loader;
  private final Duration interval;
  private final T initial;
  private final boolean firstReadBlocks;
  private final AtomicReference<T> value = new AtomicReference<>();
  private volatile ScheduledExecutorService scheduler;
  private boolean failing;

  /**
   * @param initial served until the first read succeeds (e.g. an empty set)
   * @param firstReadBlocks whether the first {@link #get} waits for the first read (cheap reads) or
   *     returns {@code initial} while it runs in the background (slow ones, like a catalog scan)
   */
  Refreshing(
      String name, Supplier<T> loader, Duration interval, T initial, boolean firstReadBlocks) {
    this.name = name;
    this.loader = loader;
    this.interval = interval;
    this.initial = initial;
    this.firstReadBlocks = firstReadBlocks;
  }

  /** The latest value; the first call starts the reads. */
  T get() {
    if (scheduler == null) {
      start();
    }
    T current = value.get();
    return current == null ? initial : current;
  }

  private synchronized void start() {
    if (scheduler != null) {
      return;
    }
    if (firstReadBlocks) {
      reload();
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("aisle-" + name));
    long millis = Math.max(100, interval.toMillis());
    executor.scheduleWithFixedDelay(
        this::reload, firstReadBlocks ? millis : 0, millis, TimeUnit.MILLISECONDS);
    scheduler = executor;
  }

  synchronized void reload() {
    long started = System.nanoTime();
    try {
      T next = loader.get();
      value.set(next);
      if (failing) {
        failing = false;
        LOG.infof("event=refresh_recovered what=%s", name);
      }
      LOG.debugf(
          "event=refreshed what=%s millis=%d", name, (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warnf(
            "event=refresh_failed what=%s kept=%s error=%s",
            name, value.get() == null ? "initial" : "previous", e);
      }
    }
  }

  /**
   * Stops the refresh. A read in flight is left to finish rather than interrupted: an aborted HTTP
   * request can take a store down (dynalite, the local DynamoDB, exits on a reset connection).
   */
  @Override
  public void close() {
    ScheduledExecutorService executor = scheduler;
    if (executor != null) {
      executor.shutdown();
    }
  }
}
