package dev.aisle.telemetry;

import dev.aisle.model.ModelManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emits {@value MetricNames#MODEL_AGE_SECONDS}: how old the model a container answers with is, from
 * its manifest's {@code created} time, at most once per {@code every}. Called on the request path
 * (a clock read and a comparison when nothing is due), so a container reports while it serves; an
 * alarm on the age catches a trainer that stopped publishing or a container stuck on an old model.
 */
public final class ModelAgeReporter {

  /** Often enough for a 5-minute alarm period, rare enough to cost nothing in log volume. */
  public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);

  private final Metrics metrics;
  private final Clock clock;
  private final long everyMillis;
  private final AtomicLong lastMillis = new AtomicLong(Long.MIN_VALUE);

  public ModelAgeReporter(Metrics metrics, Clock clock, Duration every) {
    this.metrics = metrics;
    this.clock = clock;
    this.everyMillis = every.toMillis();
  }

  public static ModelAgeReporter everyMinute(Metrics metrics) {
    return new ModelAgeReporter(metrics, Clock.systemUTC(), DEFAULT_EVERY);
  }

  /** Reports the age of {@code manifest}'s model if the last report is {@code every} old. */
  public void observe(ModelManifest manifest) {
    if (manifest == null || manifest.created() == null) {
      return;
    }
    long now = clock.millis();
    long last = lastMillis.get();
    if (last != Long.MIN_VALUE && now - last < everyMillis
        || !lastMillis.compareAndSet(last, now)) {
      return;
    }
    metrics.emit(value(manifest, Instant.ofEpochMilli(now)));
  }

  /**
   * The metric for {@code manifest}'s model at {@code now}: whole seconds, never negative (clock
   * skew).
   */
  public static Metrics.Value value(ModelManifest manifest, Instant now) {
    long seconds = Math.max(0, Duration.between(manifest.created(), now).toSeconds());
    return Metrics.Value.seconds(MetricNames.MODEL_AGE_SECONDS, seconds);
  }
}
