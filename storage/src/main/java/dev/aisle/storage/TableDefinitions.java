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
 *       sparse global index {@code unpublishedEvents} (partition {@code unpublished}, sort
 *       {@code ts}) was the Kafka outbox before the outbox table; nothing writes
 *       {@code unpublished} any more, and the index can go once no deployment has rows in it.
 *   <li>items: partition {@code itemId}; the sparse global index {@code unavailableItems}
 *       (partition {@code unavailable}, sort {@code itemId}) lists the unavailable items.
 *   <li>users: partition {@code userId}.
 *   <li>user-state: partition {@code userId}: the stream updater's fresh vector and recent items.
 *   <li>outbox: partition {@code shard}, sort {@code entry}: one entry per {@code POST /events}
 *       request whose events may not be on Kafka yet ({@link Outbox}).
 * </ul>
 */
public final class TableDefinitions {

  public static final String USER_ID = "userId";
  public static final String ITEM_ID = "itemId";
  public static final String EVENT_ID = "eventId";
  public static final String TIMESTAMP = "ts";
  public static final String EVENTS_BY_TIME_INDEX = "byTime";
  public static final String EXPIRES_AT = "expiresAt";
  /** Retired outbox marker (a shard number) of events rows; see {@link #OUTBOX_SHARD}. */
  public static final String UNPUBLISHED = "unpublished";
  public static final String UNPUBLISHED_EVENTS_INDEX = "unpublishedEvents";
  /** Present (value "true") only on unavailable items: the sparse index lists exactly those. */
  public static final String UNAVAILABLE = "unavailable";
  public static final String UNAVAILABLE_ITEMS_INDEX = "unavailableItems";
  /** The outbox table's partition key: a shard, "00".."15". */
  public static final String OUTBOX_SHARD = "shard";
  /** The outbox table's sort key: acceptance time (13-digit epoch millis) # request # chunk. */
  public static final String OUTBOX_ENTRY = "entry";

  private TableDefinitions() {}

  public static List<CreateTableRequest> all(AisleSettings settings) {
    return List.of(
        events(settings.eventsTable()),
        items(settings.itemsTable()),
        singleKey(settings.usersTable(), USER_ID),
        singleKey(settings.userStateTable(), USER_ID),
        outbox(settings.outboxTable()));
  }

  static CreateTableRequest events(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(USER_ID, ScalarAttributeType.S),
            attribute(EVENT_ID, ScalarAttributeType.S),
            attribute(TIMESTAMP, ScalarAttributeType.N),
            attribute(UNPUBLISHED, ScalarAttributeType.S))
        .keySchema(key(USER_ID, KeyType.HASH), key(EVENT_ID, KeyType.RANGE))
        .localSecondaryIndexes(LocalSecondaryIndex.builder()
            .indexName(EVENTS_BY_TIME_INDEX)
            .keySchema(key(USER_ID, KeyType.HASH), key(TIMESTAMP, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(UNPUBLISHED_EVENTS_INDEX)
            .keySchema(key(UNPUBLISHED, KeyType.HASH), key(TIMESTAMP, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .build();
  }

  static CreateTableRequest items(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(ITEM_ID, ScalarAttributeType.S), attribute(UNAVAILABLE, ScalarAttributeType.S))
        .keySchema(key(ITEM_ID, KeyType.HASH))
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(UNAVAILABLE_ITEMS_INDEX)
            .keySchema(key(UNAVAILABLE, KeyType.HASH), key(ITEM_ID, KeyType.RANGE))
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
            .build())
        .build();
  }

  static CreateTableRequest outbox(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attribute(OUTBOX_SHARD, ScalarAttributeType.S), attribute(OUTBOX_ENTRY, ScalarAttributeType.S))
        .keySchema(key(OUTBOX_SHARD, KeyType.HASH), key(OUTBOX_ENTRY, KeyType.RANGE))
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
