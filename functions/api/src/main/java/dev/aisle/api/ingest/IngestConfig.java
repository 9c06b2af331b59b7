package dev.aisle.api.ingest;

import dev.aisle.storage.dynamo.EventStore;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Ingestion settings ({@code aisle.ingest.*}; environment {@code AISLE_INGEST_PUBLISH_TIMEOUT} …).
 * The write routes' API key is {@code aisle.api-key} ({@link WriteRouteGuard}).
 *
 * <p>The times add up to less than the api Lambda's timeout (15 s): a request spends at most {@code
 * write-budget} on DynamoDB, {@code publish-timeout} on Kafka and about a second on its outbox
 * entry, so even with both stores failing it answers (503, or 200 with {@code deferred}).
 */
@ConfigMapping(prefix = "aisle.ingest")
public interface IngestConfig {

  /**
   * How the events table tells new events from resent ones: conditional-put or read-before-write.
   */
  @WithDefault("conditional-put")
  EventStore.Deduplication deduplication();

  /** Concurrent DynamoDB requests of one container. */
  @WithDefault("16")
  int writeParallelism();

  /**
   * Longest time a request spends writing to DynamoDB (its outbox entry and its events); past it,
   * the answer is 503 with Retry-After and the client resends.
   */
  @WithDefault("5s")
  Duration writeBudget();

  /**
   * Longest wait for Kafka's acknowledgements on a request (and for metadata when the broker is
   * away).
   */
  @WithDefault("3s")
  Duration publishTimeout();

  /**
   * After a failed publish, requests skip Kafka and leave their events to the outbox relay for this
   * long.
   */
  @WithDefault("10s")
  Duration kafkaCoolDown();

  /** How often a container's background relay checks whether it has outbox work; 0 turns it off. */
  @WithDefault("5s")
  Duration relayInterval();

  /**
   * The background relay looks through the whole outbox at least this often, even when the
   * container left nothing there itself: entries of processes that died. (In AWS the scheduled
   * {@code outbox-relay} invocation does the same every minute.)
   */
  @WithDefault("60s")
  Duration relaySweep();

  /**
   * An outbox entry younger than this may belong to a request still running; the relay leaves it
   * alone. Longer than any request (write budget + publish timeout + the entry's delete).
   */
  @WithDefault("30s")
  Duration relayAfter();

  /** Longest run of the relay (the scheduled invocation's Lambda timeout is 15 s). */
  @WithDefault("10s")
  Duration relayBudget();

  /**
   * Events expire (DynamoDB TTL on {@code expiresAt}) this long after their timestamp; 0 keeps them
   * forever. Defaults to {@code aisle.event-retention} ({@code AISLE_EVENT_RETENTION}, the setting
   * the trainer and the local sweeper read too), itself 730 days.
   */
  @WithDefault("${aisle.event-retention:P730D}")
  Duration eventRetention();
}
