package dev.aisle.api.ingest;

import dev.aisle.storage.EventStore;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Ingestion settings ({@code aisle.ingest.*}; environment {@code AISLE_INGEST_PUBLISH_TIMEOUT} …).
 * The write routes' API key is {@code aisle.api-key} ({@link WriteRouteGuard}).
 */
@ConfigMapping(prefix = "aisle.ingest")
public interface IngestConfig {

  /** How the events table tells new events from resent ones: conditional-put or read-before-write. */
  @WithDefault("conditional-put")
  EventStore.Deduplication deduplication();

  /** Concurrent DynamoDB requests of one container. */
  @WithDefault("16")
  int writeParallelism();

  /** Longest wait for Kafka's acknowledgements on a request (and for metadata when the broker is away). */
  @WithDefault("3s")
  Duration publishTimeout();

  /** After a failed publish, requests skip Kafka and fill the outbox for this long. */
  @WithDefault("10s")
  Duration kafkaCoolDown();

  /** How often the outbox relay runs; 0 turns it off (another container or process relays). */
  @WithDefault("5s")
  Duration relayInterval();

  /**
   * A resent event accepted less than this long ago is published again: its first request may
   * have died between the table and Kafka. Consumers de-duplicate by eventId.
   */
  @WithDefault("5m")
  Duration republishWindow();

  /** Events expire (DynamoDB TTL) this long after their timestamp; unset keeps them forever. */
  Optional<Duration> eventRetention();
}
