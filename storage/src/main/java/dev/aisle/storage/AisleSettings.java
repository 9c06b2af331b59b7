package dev.aisle.storage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the product's stores live: region, optional endpoint overrides (the local stack or another
 * compatible server), and the names of tables, buckets and topics.
 *
 * <p>The same settings describe AWS and the local stack; only the endpoint overrides and {@code
 * localCredentials} differ. Read them from {@code AISLE_*} environment variables (or the local
 * stack's {@code stack.env}, which uses the same names) with {@link #fromEnv(Map)}.
 */
public record AisleSettings(
    String region,
    boolean localCredentials,
    Optional<URI> dynamodbEndpoint,
    Optional<URI> s3Endpoint,
    String kafkaBootstrap,
    boolean kafkaIamAuth,
    String eventsTable,
    String itemsTable,
    String usersTable,
    String userStateTable,
    String interactionsTopic,
    String deadLetterTopic,
    String modelsBucket,
    String cdnBucket,
    String outboxTable,
    String erasuresTable) {

  public static final String DEFAULT_REGION = "us-east-1";

  public static AisleSettings fromEnv(Map<String, String> env) {
    return new AisleSettings(
        value(env, "AISLE_REGION", env.getOrDefault("AWS_REGION", DEFAULT_REGION)),
        Boolean.parseBoolean(value(env, "AISLE_LOCAL_CREDENTIALS", "false")),
        uri(env, "AISLE_DYNAMODB_ENDPOINT"),
        uri(env, "AISLE_S3_ENDPOINT"),
        value(env, "AISLE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        "iam".equalsIgnoreCase(value(env, "AISLE_KAFKA_AUTH", "none")),
        value(env, "AISLE_EVENTS_TABLE", "aisle-events"),
        value(env, "AISLE_ITEMS_TABLE", "aisle-items"),
        value(env, "AISLE_USERS_TABLE", "aisle-users"),
        value(env, "AISLE_USER_STATE_TABLE", "aisle-user-state"),
        value(env, "AISLE_INTERACTIONS_TOPIC", "aisle.interactions"),
        value(env, "AISLE_DEAD_LETTER_TOPIC", "aisle.interactions.dlq"),
        value(env, "AISLE_MODELS_BUCKET", "aisle-models"),
        value(env, "AISLE_CDN_BUCKET", "aisle-cdn"),
        value(
            env,
            "AISLE_OUTBOX_TABLE",
            value(env, "AISLE_EVENTS_TABLE", "aisle-events") + "-outbox"),
        value(
            env,
            "AISLE_ERASURES_TABLE",
            value(env, "AISLE_EVENTS_TABLE", "aisle-events") + "-erasures"));
  }

  /**
   * Settings without an erasures table name of their own (written before erasure existed): the
   * erasures table is named after the events table, {@code <events table>-erasures}.
   */
  public AisleSettings(
      String region,
      boolean localCredentials,
      Optional<URI> dynamodbEndpoint,
      Optional<URI> s3Endpoint,
      String kafkaBootstrap,
      boolean kafkaIamAuth,
      String eventsTable,
      String itemsTable,
      String usersTable,
      String userStateTable,
      String interactionsTopic,
      String deadLetterTopic,
      String modelsBucket,
      String cdnBucket,
      String outboxTable) {
    this(
        region,
        localCredentials,
        dynamodbEndpoint,
        s3Endpoint,
        kafkaBootstrap,
        kafkaIamAuth,
        eventsTable,
        itemsTable,
        usersTable,
        userStateTable,
        interactionsTopic,
        deadLetterTopic,
        modelsBucket,
        cdnBucket,
        outboxTable,
        eventsTable + "-erasures");
  }

  /**
   * Settings without an outbox table name of their own (written before the outbox table existed):
   * the outbox table is named after the events table, {@code <events table>-outbox}.
   */
  public AisleSettings(
      String region,
      boolean localCredentials,
      Optional<URI> dynamodbEndpoint,
      Optional<URI> s3Endpoint,
      String kafkaBootstrap,
      boolean kafkaIamAuth,
      String eventsTable,
      String itemsTable,
      String usersTable,
      String userStateTable,
      String interactionsTopic,
      String deadLetterTopic,
      String modelsBucket,
      String cdnBucket) {
    this(
        region,
        localCredentials,
        dynamodbEndpoint,
        s3Endpoint,
        kafkaBootstrap,
        kafkaIamAuth,
        eventsTable,
        itemsTable,
        usersTable,
        userStateTable,
        interactionsTopic,
        deadLetterTopic,
        modelsBucket,
        cdnBucket,
        eventsTable + "-outbox",
        eventsTable + "-erasures");
  }

  /** A copy whose table, bucket and topic names carry a suffix: isolates one test from others. */
  public AisleSettings withSuffix(String suffix) {
    return new AisleSettings(
        region,
        localCredentials,
        dynamodbEndpoint,
        s3Endpoint,
        kafkaBootstrap,
        kafkaIamAuth,
        eventsTable + suffix,
        itemsTable + suffix,
        usersTable + suffix,
        userStateTable + suffix,
        interactionsTopic + suffix,
        deadLetterTopic + suffix,
        modelsBucket + suffix,
        cdnBucket + suffix,
        outboxTable + suffix,
        erasuresTable + suffix);
  }

  /** The same settings with DynamoDB at another endpoint (a fault-injecting proxy, say). */
  public AisleSettings withDynamodbEndpoint(URI endpoint) {
    return new AisleSettings(
        region,
        localCredentials,
        Optional.of(endpoint),
        s3Endpoint,
        kafkaBootstrap,
        kafkaIamAuth,
        eventsTable,
        itemsTable,
        usersTable,
        userStateTable,
        interactionsTopic,
        deadLetterTopic,
        modelsBucket,
        cdnBucket,
        outboxTable,
        erasuresTable);
  }

  /** The same settings with another Kafka cluster. */
  public AisleSettings withKafkaBootstrap(String bootstrap) {
    return new AisleSettings(
        region,
        localCredentials,
        dynamodbEndpoint,
        s3Endpoint,
        bootstrap,
        kafkaIamAuth,
        eventsTable,
        itemsTable,
        usersTable,
        userStateTable,
        interactionsTopic,
        deadLetterTopic,
        modelsBucket,
        cdnBucket,
        outboxTable,
        erasuresTable);
  }

  /**
   * The same settings as Quarkus configuration properties ({@code aisle.events-table}, …): what a
   * test resource hands to {@code @QuarkusTest} applications.
   */
  public Map<String, String> toProperties() {
    Map<String, String> props = new java.util.LinkedHashMap<>();
    props.put("aisle.region", region);
    props.put("aisle.local-credentials", Boolean.toString(localCredentials));
    dynamodbEndpoint.ifPresent(u -> props.put("aisle.dynamodb-endpoint", u.toString()));
    s3Endpoint.ifPresent(u -> props.put("aisle.s3-endpoint", u.toString()));
    props.put("aisle.kafka-bootstrap", kafkaBootstrap);
    props.put("aisle.kafka-auth", kafkaIamAuth ? "iam" : "none");
    props.put("aisle.events-table", eventsTable);
    props.put("aisle.items-table", itemsTable);
    props.put("aisle.users-table", usersTable);
    props.put("aisle.user-state-table", userStateTable);
    props.put("aisle.interactions-topic", interactionsTopic);
    props.put("aisle.dead-letter-topic", deadLetterTopic);
    props.put("aisle.models-bucket", modelsBucket);
    props.put("aisle.cdn-bucket", cdnBucket);
    props.put("aisle.outbox-table", outboxTable);
    props.put("aisle.erasures-table", erasuresTable);
    return props;
  }

  private static String value(Map<String, String> env, String key, String fallback) {
    String v = env.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static Optional<URI> uri(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(URI.create(v.trim()));
  }
}
