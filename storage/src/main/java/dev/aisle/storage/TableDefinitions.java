package dev.aisle.storage;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB tables of Aisle: names of keys and indexes, and their creation requests for the
 * local stack. The CDK app declares the same keys (it reads these constants).
 *
 * <ul>
 *   <li>events: partition {@code userId}, sort {@code eventId}; the local secondary index
 *       {@code byTime} sorts a user's events by {@code ts} (epoch millis). The eventId sort key makes
 *       a conditional put idempotent; TTL attribute {@code expiresAt} (epoch seconds) in AWS. The
 *       sparse global index {@code unpublishedEvents} (partition {@code unpublished}, a shard
 *       number, sort {@code ts}) is the Kafka outbox: it holds only the events the broker has not
 *       acknowledged yet. The global index {@code byAcceptTime} (partition {@code acceptShard},
 *       {@code "00"}..{@code "15"}, sort {@code acceptedAt}, epoch millis) lets the trainer read
 *       what was accepted since its last cut without a scan.
 *   <li>items: partition {@code itemId}; the sparse global index {@code unavailableItems}
 *       (partition {@code unavailable}, sort {@code itemId}) lists the unavailable items; the global
 *       index {@code byUpdateTime} (partition {@code updateShard}, {@code "0"}..{@code "3"}, sort
 *       {@code updatedAt}, epoch millis) lists the items changed since a model's cut.
 *   <li>users: partition {@code userId}.
 *   <li>user-state: partition {@code userId}: the stream updater's fresh vector and recent items.
 * </ul>
 */
public final class TableDefinitions {

  public static final String USER_ID = "userId";
  public static final String ITEM_ID = "itemId";
  public static final String EVENT_ID = "eventId";
  public static final String TIMESTAMP = "ts";
  public static final String EVENTS_BY_TIME_INDEX = "byTime";
  public static final String EXPIRES_AT = "expiresAt";
  /** Present (a shard number, "0".."7") only on events not yet acknowledged by Kafka. */
  public static final String UNPUBLISHED = "unpublished";
  public static final String UNPUBLISHED_EVENTS_INDEX = "unpublishedEvents";
  /** Present (value "true") only on unavailable items: the sparse index lists exactly those. */
  public static final String UNAVAILABLE = "unavailable";
  public static final String UNAVAILABLE_ITEMS_INDEX = "unavailableItems";
  /** Events: a stable hash of userId and eventId mod 16, "00".."15" (spreads one instant's writes). */
  public static final String ACCEPT_SHARD = "acceptShard";
  /** Events: when the api accepted the request, epoch millis. */
  public static final String ACCEPTED_AT = "acceptedAt";
  public static final String EVENTS_BY_ACCEPT_TIME_INDEX = "byAcceptTime";
  /** What the trainer's incremental read needs besides the table keys. */
  public static final List<String> EVENTS_BY_ACCEPT_TIME_PROJECTION = List.of(ITEM_ID, "type", TIMESTAMP, "value");
  /** Items: "0".."3", spreads catalog updates over the index's partitions. */
  public static final String UPDATE_SHARD = "updateShard";
  /** Items: when the api last upserted the item, epoch millis. */
  public static final String UPDATED_AT = "updatedAt";
  public static final String ITEMS_BY_UPDATE_TIME_INDEX = "byUpdateTime";

  private TableDefinitions() {}

  public static List<CreateTableRequest> all(AisleSettings settings) {
    return List.of(
        events(settings.eventsTable()),
        items(settings.itemsTable()),
        singleKey(settings.usersTable(), USER_ID),
        singleKey(settings.userStateTable(), USER_ID));
  }

  static CreateTableRequest events(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(USER_ID, ScalarAttributeType.S),
            attribute(EVENT_ID, ScalarAttributeType.S),
            attribute(TIMESTAMP, ScalarAttributeType.N),
            attribute(UNPUBLISHED, ScalarAttributeType.S),
            attribute(ACCEPT_SHARD, ScalarAttributeType.S),
            attribute(ACCEPTED_AT, ScalarAttributeType.N))
        .keySchema(key(USER_ID, KeyType.HASH), key(EVENT_ID, KeyType.RANGE))
        .localSecondaryIndexes(LocalSecondaryIndex.builder()
            .indexName(EVENTS_BY_TIME_INDEX)
            .keySchema(key(USER_ID, KeyType.HASH), key(TIMESTAMP, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(UNPUBLISHED_EVENTS_INDEX)
                .keySchema(key(UNPUBLISHED, KeyType.HASH), key(TIMESTAMP, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build(),
            GlobalSecondaryIndex.builder()
                .indexName(EVENTS_BY_ACCEPT_TIME_INDEX)
                .keySchema(key(ACCEPT_SHARD, KeyType.HASH), key(ACCEPTED_AT, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(EVENTS_BY_ACCEPT_TIME_PROJECTION).build())
                .build())
        .build();
  }

  static CreateTableRequest items(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(ITEM_ID, ScalarAttributeType.S), attribute(UNAVAILABLE, ScalarAttributeType.S),
            attribute(UPDATE_SHARD, ScalarAttributeType.S), attribute(UPDATED_AT, ScalarAttributeType.N))
        .keySchema(key(ITEM_ID, KeyType.HASH))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(UNAVAILABLE_ITEMS_INDEX)
                .keySchema(key(UNAVAILABLE, KeyType.HASH), key(ITEM_ID, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build(),
            GlobalSecondaryIndex.builder()
                .indexName(ITEMS_BY_UPDATE_TIME_INDEX)
                .keySchema(key(UPDATE_SHARD, KeyType.HASH), key(UPDATED_AT, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .build();
  }

  static CreateTableRequest singleKey(String name, String partitionKey) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(partitionKey, ScalarAttributeType.S))
        .keySchema(key(partitionKey, KeyType.HASH))
        .build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
