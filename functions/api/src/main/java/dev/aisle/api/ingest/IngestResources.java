package dev.aisle.api.ingest;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.dynamo.OutboxRelay;
import dev.aisle.storage.kafka.EventSender;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The events table, the outbox, the Kafka sender, the outbox relay and the metrics emitter: one of
 * each per container, made on first use.
 */
@ApplicationScoped
class IngestResources {

  /**
   * Outbox entries read per query, and events relayed per run at most (the rest waits for the next
   * run).
   */
  private static final int RELAY_PAGE = 100;

  private static final int RELAY_MAX_PER_RUN = 20_000;

  @Produces
  @Singleton
  EventStore eventStore(DynamoDbClient dynamo, AisleSettings settings, IngestConfig config) {
    return new EventStore(
        dynamo,
        settings.eventsTable(),
        config.deduplication(),
        config.writeParallelism(),
        config.eventRetention().isZero() ? null : config.eventRetention());
  }

  @Produces
  @Singleton
  Outbox outbox(DynamoDbClient dynamo, AisleSettings settings) {
    return new Outbox(dynamo, settings.outboxTable());
  }

  @Produces
  @Singleton
  EventSender eventSender(AisleSettings settings, IngestConfig config) {
    return EventSender.create(settings, config.publishTimeout(), config.kafkaCoolDown());
  }

  @Produces
  @Singleton
  OutboxRelay outboxRelay(
      Outbox outbox, EventStore store, EventSender sender, IngestConfig config) {
    return new OutboxRelay(
        outbox,
        store,
        sender,
        config.relayAfter(),
        RELAY_PAGE,
        RELAY_MAX_PER_RUN,
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

  void closeSender(@Disposes EventSender sender) {
    sender.close();
  }
}
