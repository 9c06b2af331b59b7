package dev.aisle.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count that may be bumped thousands of times a second (every 503 of an outage) but is written at
 * most once per interval: the first bump is emitted at once (an alarm sees the first failure
 * without delay), later ones are summed and emitted with the next bump after the interval, or by
 * {@link #flush()}. A line per bump would cost more log ingestion than the outage itself.
 */
public final class Counter {

  private final Metrics metrics;
  private final String name;
  private final long intervalMillis;
  private final Clock clock;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong lastEmittedAt = new AtomicLong(Long.MIN_VALUE / 2);

  public Counter(Metrics metrics, String name, Duration interval, Clock clock) {
    this.metrics = metrics;
    this.name = name;
    this.intervalMillis = interval.toMillis();
    this.clock = clock;
  }

  public void add(long n) {
    pending.addAndGet(n);
    long now = clock.millis();
    long last = lastEmittedAt.get();
    if (now - last >= intervalMillis && lastEmittedAt.compareAndSet(last, now)) {
      flush();
    }
  }

  /** Emits what was counted since the last line, if anything. */
  public void flush() {
    long n = pending.getAndSet(0);
    if (n > 0) {
      metrics.emit(Metrics.Value.count(name, n));
    }
  }
}
