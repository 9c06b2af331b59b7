package dev.aisle.api.ingest;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.EventPublisher;
import dev.aisle.storage.EventStore;
import dev.aisle.storage.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The events table, the Kafka publisher and the outbox relay: one of each per container, made on first use. */
@ApplicationScoped
class IngestResources {

  /** Outbox events read per query, and at most relayed per pass (the rest waits for the next pass). */
  private static final int RELAY_PAGE = 200;
  private static final int RELAY_MAX_PER_PASS = 20_000;

  @Produces
  @Singleton
  EventStore eventStore(DynamoDbClient dynamo, AisleSettings settings, IngestConfig config) {
    return new EventStore(dynamo, settings.eventsTable(), config.deduplication(), config.writeParallelism(),
        config.eventRetention().orElse(null));
  }

  @Produces
  @Singleton
  EventPublisher eventPublisher(AisleSettings settings, IngestConfig config) {
    return EventPublisher.create(settings, config.publishTimeout(), config.kafkaCoolDown());
  }

  @Produces
  @Singleton
  OutboxRelay outboxRelay(EventStore store, EventPublisher publisher) {
    return new OutboxRelay(store, publisher, RELAY_PAGE, RELAY_MAX_PER_PASS);
  }

  void closeStore(@Disposes EventStore store) {
    store.close();
  }

  void closePublisher(@Disposes EventPublisher publisher) {
    publisher.close();
  }
}
