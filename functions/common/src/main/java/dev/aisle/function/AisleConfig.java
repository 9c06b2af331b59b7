package dev.aisle.function;

import dev.aisle.storage.AisleSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The functions' view of {@link AisleSettings}. Property {@code aisle.events-table} is environment
 * variable {@code AISLE_EVENTS_TABLE}: the names of the local stack's {@code stack.env} and of the
 * CDK app's Lambda environment are the same.
 */
@ConfigMapping(prefix = "aisle")
public interface AisleConfig {

  @WithDefault(AisleSettings.DEFAULT_REGION)
  String region();

  /** Sign requests with fixed local credentials (local stack only). */
  @WithDefault("false")
  boolean localCredentials();

  Optional<URI> dynamodbEndpoint();

  Optional<URI> s3Endpoint();

  @WithDefault("127.0.0.1:9092")
  String kafkaBootstrap();

  /** {@code none} (local broker) or {@code iam} (MSK Serverless). */
  @WithDefault("none")
  String kafkaAuth();

  @WithDefault("aisle-events")
  String eventsTable();

  @WithDefault("aisle-items")
  String itemsTable();

  @WithDefault("aisle-users")
  String usersTable();

  @WithDefault("aisle-user-state")
  String userStateTable();

  /** The api's Kafka outbox; default: the events table's name + {@code -outbox}. */
  Optional<String> outboxTable();

  /**
   * Erasure records and tombstones (hashed shopper ids only); default: the events table's name +
   * {@code -erasures}.
   */
  Optional<String> erasuresTable();

  @WithDefault("aisle.interactions")
  String interactionsTopic();

  @WithDefault("aisle.interactions.dlq")
  String deadLetterTopic();

  @WithDefault("aisle-models")
  String modelsBucket();

  @WithDefault("aisle-cdn")
  String cdnBucket();

  /** Create missing tables, buckets and topics at start (the local stack; never in AWS). */
  @WithDefault("false")
  boolean provision();

  /**
   * API keys accepted on the api's write routes ({@code x-api-key}), comma-separated so a key can
   * be rotated without downtime; unset, the routes are open (the local default; in AWS the gateway
   * guards them too). Never logged.
   */
  Optional<List<String>> apiKey();

  /**
   * Create missing Kafka topics, in the background after start (no request waits for it): MSK
   * Serverless has no CloudFormation resource for topics.
   */
  @WithDefault("false")
  boolean provisionTopics();

  default AisleSettings settings() {
    return new AisleSettings(
        region(),
        localCredentials(),
        dynamodbEndpoint(),
        s3Endpoint(),
        kafkaBootstrap(),
        "iam".equalsIgnoreCase(kafkaAuth()),
        eventsTable(),
        itemsTable(),
        usersTable(),
        userStateTable(),
        interactionsTopic(),
        deadLetterTopic(),
        modelsBucket(),
        cdnBucket(),
        outboxTable().orElse(eventsTable() + "-outbox"),
        erasuresTable().orElse(eventsTable() + "-erasures"));
  }
}
