package dev.aisle.api.ingest;

import dev.aisle.storage.dynamo.OutboxRelay;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /outbox-relay} → {@code
 * {"relayed":N,"entries":E,"drained":true,"waiting":W,"oldestAgeSeconds":S}}: one run of the outbox
 * relay. In AWS an EventBridge Scheduler schedule invokes the api function with this request every
 * minute, so events left in the outbox are published even when no request keeps a container warm;
 * API Gateway has no route to it, so only the schedule (IAM) reaches it. Locally the background
 * relay does the same. Idempotent: a run publishes what is due and deletes it, a second run finds
 * nothing.
 */
@ApplicationScoped
public class OutboxRelayFunction {

  /** What the run did: events published, entries deleted, whether all due ones were, what waits. */
  public record Report(
      int relayed, int entries, boolean drained, long waiting, long oldestAgeSeconds) {}

  private final OutboxRelayRunner runner;

  OutboxRelayFunction(OutboxRelayRunner runner) {
    this.runner = runner;
  }

  @Funq("outbox-relay")
  public Report outboxRelay() {
    OutboxRelayRunner.Result result = runner.run(true);
    OutboxRelay.Run run = result.run();
    return new Report(
        run.relayed(),
        run.entries(),
        run.drained(),
        result.backlog().map(b -> b.events()).orElse(0L),
        result.oldestAge().toSeconds());
  }
}
