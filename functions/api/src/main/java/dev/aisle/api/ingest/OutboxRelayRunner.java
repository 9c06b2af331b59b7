package dev.aisle.api.ingest;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.dynamo.OutboxRelay;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One run of the {@link OutboxRelay} within {@code aisle.ingest.relay-budget}, reported: a log line
 * when it relayed or left something, and the backlog as the metrics {@code OutboxDepth} and {@code
 * OutboxOldestAgeSeconds} (the alarms watch them). Counting the backlog reads the outbox's keys, so
 * a container measures at most once a minute unless asked (the scheduled {@code outbox-relay} call,
 * once a minute, always measures). Used by the background task and by that function.
 */
@ApplicationScoped
class OutboxRelayRunner {

  private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);
  private static final Duration MEASURE_EVERY = Duration.ofMinutes(1);

  /** A run and, when measured, what it left. */
  record Result(OutboxRelay.Run run, Optional<Outbox.Backlog> backlog, Duration oldestAge) {}

  private final Instance<OutboxRelay> relay;
  private final Metrics metrics;
  private final Duration budget;
  private final Clock clock = Clock.systemUTC();
  private volatile Instant lastMeasured = Instant.MIN;

  OutboxRelayRunner(Instance<OutboxRelay> relay, Metrics metrics, IngestConfig config) {
    this.relay = relay;
    this.metrics = metrics;
    this.budget = config.relayBudget();
  }

  /**
   * @param measure count the backlog whatever the time since the last count
   */
  Result run(boolean measure) {
    OutboxRelay.Run run = relay.get().run(Deadline.in(budget));
    Instant now = clock.instant();
    Optional<Outbox.Backlog> backlog = Optional.empty();
    Duration oldestAge = Duration.ZERO;
    if (measure || !now.isBefore(lastMeasured.plus(MEASURE_EVERY))) {
      lastMeasured = now;
      Outbox.Backlog measured = relay.get().backlog();
      oldestAge = measured.oldestAge(now);
      backlog = Optional.of(measured);
      metrics.emit(
          List.of(
              Metrics.Value.count(MetricNames.OUTBOX_DEPTH, measured.events()),
              Metrics.Value.seconds(
                  MetricNames.OUTBOX_OLDEST_AGE_SECONDS, oldestAge.toMillis() / 1000.0)));
    }
    long waiting = backlog.map(Outbox.Backlog::events).orElse(0L);
    if (run.relayed() > 0 || run.entries() > 0 || !run.drained() || waiting > 0) {
      String measured =
          backlog
              .map(
                  b ->
                      " waiting=%d%s oldestAgeSeconds=%d"
                          .formatted(
                              b.events(), b.capped() ? "+" : "", b.oldestAge(now).toSeconds()))
              .orElse("");
      LOG.infof(
          "outbox relayed=%d entries=%d drained=%s%s",
          run.relayed(), run.entries(), run.drained(), measured);
    }
    return new Result(run, backlog, oldestAge);
  }
}
