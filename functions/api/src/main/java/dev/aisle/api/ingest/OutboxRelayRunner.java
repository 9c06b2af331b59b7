package dev.aisle.api.ingest;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.OutboxRelay;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One run of the {@link OutboxRelay} within {@code aisle.ingest.relay-budget}, reported: the metrics
 * {@code OutboxDepth} and {@code OutboxOldestAgeSeconds} (the alarms watch them) and a log line
 * when the run relayed or left something. Used by the background task and by the scheduled
 * {@code outbox-relay} function.
 */
@ApplicationScoped
class OutboxRelayRunner {

  private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);

  private final Instance<OutboxRelay> relay;
  private final Metrics metrics;
  private final Duration budget;

  OutboxRelayRunner(Instance<OutboxRelay> relay, Metrics metrics, IngestConfig config) {
    this.relay = relay;
    this.metrics = metrics;
    this.budget = config.relayBudget();
  }

  OutboxRelay.Run run() {
    OutboxRelay.Run run = relay.get().run(Deadline.in(budget));
    metrics.emit(List.of(
        Metrics.Value.count(MetricNames.OUTBOX_DEPTH, run.backlog().events()),
        Metrics.Value.seconds(MetricNames.OUTBOX_OLDEST_AGE_SECONDS, run.oldestAge().toMillis() / 1000.0)));
    if (run.relayed() > 0 || run.entries() > 0 || !run.drained() || run.backlog().events() > 0) {
      LOG.infof("outbox relayed=%d entries=%d drained=%s waiting=%d oldestAgeSeconds=%d", run.relayed(), run.entries(),
          run.drained(), run.backlog().events(), run.oldestAge().toSeconds());
    }
    return run;
  }
}
