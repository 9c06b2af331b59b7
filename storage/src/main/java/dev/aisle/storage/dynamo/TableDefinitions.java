package dev.aisle.storage.dynamo;

import dev.aisle.snapshot.StableHash;
import dev.aisle.storage.AisleSettings;
import java.util.List;
import java.util.Locale;
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
 *   <li>events: partition {@code userId}, sort {@code eventId}; the local secondary index {@code
 *       byTime} sorts a user's events by {@code ts} (epoch millis). The eventId sort key makes a
 *       conditional put idempotent; TTL attribute {@code expiresAt} (epoch seconds) in AWS. The
 *       global index {@code byAcceptTime} (partition {@code acceptShard}, {@code "00"}..{@code
 *       "15"}, sort {@code acceptedAt}, epoch millis when the api stored the row; projection: the
 *       keys, {@code itemId}, {@code type}, {@code ts}, {@code value}) lets the trainer read
 *       exactly the events accepted since its last cut, without scanning the table.
 *   <li>items: partition {@code itemId}; the sparse global index {@code unavailableItems}
 *       (partition {@code unavailable}, sort {@code itemId}) lists the unavailable items; the
 *       global index {@code byUpdateTime} (partition {@code updateShard} "0".."3", sort {@code
 *       updatedAt} epoch millis, all attributes) gives the items written since an instant (serving
 *       reads the changes since its model's cut there instead of scanning the table).
 *   <li>users: partition {@code userId}.
 *   <li>user-state: partition {@code userId}: the stream updater's fresh vector and recent items.
 *   <li>outbox: partition {@code shard}, sort {@code entry}: one entry per {@code POST /events}
 *       request whose events may not be on Kafka yet ({@link Outbox}).
 *   <li>erasures: partition {@code id}: an erasure record per {@code POST /erasures} (id = the
 *       erasureId) and a tombstone per erased shopper (id = {@code tombstone#} + the salted hash of
 *       the shopper id); TTL attribute {@code expiresAt} in AWS ({@link ErasureStore}). No shopper
 *       id is ever stored here, only its salted hash.
 * </ul>
 */
public final class TableDefinitions {

  public static final String USER_ID = "userId";
  public static final String ITEM_ID = "itemId";
  public static final String EVENT_ID = "eventId";
  public static final String TIMESTAMP = "ts";
  public static final String EVENTS_BY_TIME_INDEX = "byTime";
  public static final String EXPIRES_AT = "expiresAt";

  /**
   * The outbox marker of events rows before the outbox table ({@link #OUTBOX_SHARD}): nothing
   * writes it any more and the index on it is gone (docs/deploy.md, upgrading).
   */
  public static final String UNPUBLISHED = "unpublished";

  /** Present (value "true") only on unavailable items: the sparse index lists exactly those. */
  public static final String UNAVAILABLE = "unavailable";

  public static final String UNAVAILABLE_ITEMS_INDEX = "unavailableItems";

  /** Epoch millis when the api stored the event (set per request). */
  public static final String ACCEPTED_AT = "acceptedAt";

  /** {@link #acceptShard}: spreads the accept-time index over {@link #ACCEPT_SHARDS} partitions. */
  public static final String ACCEPT_SHARD = "acceptShard";

  public static final String EVENTS_BY_ACCEPT_TIME_INDEX = "byAcceptTime";
  public static final int ACCEPT_SHARDS = 16;

  /** The event attributes the accept-time index carries besides the keys. */
  public static final List<String> EVENTS_BY_ACCEPT_TIME_PROJECTION =
      List.of(ITEM_ID, "type", TIMESTAMP, "value");

  /**
   * Items: epoch millis of the last upsert (set by the api), the sort key of {@link
   * #ITEMS_BY_UPDATE_TIME_INDEX}.
   */
  public static final String UPDATED_AT = "updatedAt";

  /**
   * Items: "0".."3", a stable hash of the itemId, so the time index spreads writes over a few keys.
   */
  public static final String UPDATE_SHARD = "updateShard";

  public static final int UPDATE_SHARDS = 4;

  /**
   * Items changed in a time range: partition {@link #UPDATE_SHARD}, sort {@link #UPDATED_AT},
   * projection ALL.
   */
  public static final String ITEMS_BY_UPDATE_TIME_INDEX = "byUpdateTime";

  /** The outbox table's partition key: a shard, "00".."15". */
  public static final String OUTBOX_SHARD = "shard";

  /** The outbox table's sort key: acceptance time (13-digit epoch millis) # request # chunk. */
  public static final String OUTBOX_ENTRY = "entry";

  /** The erasures table's partition key: an erasureId, or {@code tombstone#<hash>}. */
  public static final String ERASURE_KEY = "id";

  private TableDefinitions() {}

  public static List<CreateTableRequest> all(AisleSettings settings) {
    return List.of(
        events(settings.eventsTable()),
        items(settings.itemsTable()),
        singleKey(settings.usersTable(), USER_ID),
        singleKey(settings.userStateTable(), USER_ID),
        outbox(settings.outboxTable()),
        singleKey(settings.erasuresTable(), ERASURE_KEY));
  }

  /**
   * The accept shard of an event: {@code "00"}..{@code "15"}, {@link StableHash} of {@code userId +
   * "\n" + eventId} (ids hold no line breaks) modulo {@link #ACCEPT_SHARDS}, so one busy shopper's
   * events spread over every shard. The trainer queries each shard for {@code previous cut <
   * acceptedAt <= cut}.
   */
  public static String acceptShard(String userId, String eventId) {
    return String.format(
        Locale.ROOT, "%02d", StableHash.bucket(userId + "\n" + eventId, ACCEPT_SHARDS));
  }

  /**
   * The update shard of an item: {@code "0"}..{@code "3"}, {@link StableHash} of its id modulo
   * {@link #UPDATE_SHARDS} (the same hash as the accept shard, not {@code String.hashCode}).
   */
  public static String updateShard(String itemId) {
    return Integer.toString(StableHash.bucket(itemId, UPDATE_SHARDS));
  }

  static CreateTableRequest events(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(USER_ID, ScalarAttributeType.S),
            attribute(EVENT_ID, ScalarAttributeType.S),
            attribute(TIMESTAMP, ScalarAttributeType.N),
            attribute(ACCEPT_SHARD, ScalarAttributeType.S),
            attribute(ACCEPTED_AT, ScalarAttributeType.N))
        .keySchema(key(USER_ID, KeyType.HASH), key(EVENT_ID, KeyType.RANGE))
        .localSecondaryIndexes(
            LocalSecondaryIndex.builder()
                .indexName(EVENTS_BY_TIME_INDEX)
                .keySchema(key(USER_ID, KeyType.HASH), key(TIMESTAMP, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(EVENTS_BY_ACCEPT_TIME_INDEX)
                .keySchema(key(ACCEPT_SHARD, KeyType.HASH), key(ACCEPTED_AT, KeyType.RANGE))
                .projection(
                    Projection.builder()
                        .projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(EVENTS_BY_ACCEPT_TIME_PROJECTION)
                        .build())
                .build())
        .build();
  }

  static CreateTableRequest items(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(ITEM_ID, ScalarAttributeType.S),
            attribute(UNAVAILABLE, ScalarAttributeType.S),
            attribute(UPDATE_SHARD, ScalarAttributeType.S),
            attribute(UPDATED_AT, ScalarAttributeType.N))
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

  static CreateTableRequest outbox(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(OUTBOX_SHARD, ScalarAttributeType.S),
            attribute(OUTBOX_ENTRY, ScalarAttributeType.S))
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
