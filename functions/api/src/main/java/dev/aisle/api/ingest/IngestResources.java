package dev.aisle.api.ingest;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.EventPublisher;
import dev.aisle.storage.EventStore;
import dev.aisle.storage.Outbox;
import dev.aisle.storage.OutboxRelay;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The events table, the outbox, the Kafka publisher, the outbox relay and the metrics emitter: one
 * of each per container, made on first use.
 */
@ApplicationScoped
class IngestResources {

  /** Outbox entries read per query, and events relayed per run at most (the rest waits for the next run). */
  private static final int RELAY_PAGE = 100;
  private static final int RELAY_MAX_PER_RUN = 20_000;

  @Produces
  @Singleton
  EventStore eventStore(DynamoDbClient dynamo, AisleSettings settings, IngestConfig config) {
    return new EventStore(dynamo, settings.eventsTable(), config.deduplication(), config.writeParallelism(),
        config.eventRetention().isZero() ? null : config.eventRetention());
  }

  @Produces
  @Singleton
  Outbox outbox(DynamoDbClient dynamo, AisleSettings settings) {
    return new Outbox(dynamo, settings.outboxTable());
  }

  @Produces
  @Singleton
  EventPublisher eventPublisher(AisleSettings settings, IngestConfig config) {
    return EventPublisher.create(settings, config.publishTimeout(), config.kafkaCoolDown());
  }

  @Produces
  @Singleton
  OutboxRelay outboxRelay(Outbox outbox, EventStore store, EventPublisher publisher, IngestConfig config) {
    return new OutboxRelay(outbox, store, publisher, config.relayAfter(), RELAY_PAGE, RELAY_MAX_PER_RUN,
        Clock.systemUTC());
  }

  @Produces
  @Singleton
  Metrics metrics() {
    return Metrics.toStandardOutput(MetricNames.SERVICE_API);
  }

  void closeStore(@Disposes EventStore store) {
    store.close();
  }

  void closePublisher(@Disposes EventPublisher publisher) {
    publisher.close();
  }
}
