package dev.aisle.storage.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.aisle.json.Json;
import dev.aisle.state.UserState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The user-state table: one item per shopper, {@code userId} key; {@code vector} is binary
 * little-endian float32, {@code recent} a JSON list of {@link UserState.RecentEvent}, {@code
 * purchased} a list of item ids, {@code updatedAt} epoch millis. The stream updater writes it with
 * {@link #putIfUnchanged} (strictly increasing {@code updatedAt} doubles as the version); serving
 * reads it with {@link #get}.
 */
public final class UserStateStore {

  private static final TypeReference<List<UserState.RecentEvent>> RECENT = new TypeReference<>() {};
  private static final String UPDATED_AT = "updatedAt";

  private final DynamoDbClient dynamo;
  private final String table;

  public UserStateStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public Optional<UserState> get(String userId) {
    return get(userId, null);
  }

  /**
   * @param override per-request SDK settings (e.g. serving's tight read timeouts), or null for the
   *     client's own
   */
  public Optional<UserState> get(String userId, AwsRequestOverrideConfiguration override) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId)))
                        .overrideConfiguration(override))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  public void put(UserState state) {
    dynamo.putItem(b -> b.tableName(table).item(toItem(state)));
  }

  /**
   * Writes {@code next} only if the stored state is still {@code previous} (the same {@code
   * updatedAt}), or absent when {@code previous} is null: an optimistic lock, so two writers never
   * silently overwrite each other's events. {@code next.updatedAt()} must be later than {@code
   * previous.updatedAt()} at millisecond precision.
   *
   * @return false when another writer got there first; read again and retry
   */
  public boolean putIfUnchanged(UserState next, UserState previous) {
    if (previous != null
        && !next.updatedAt().truncatedTo(ChronoUnit.MILLIS).isAfter(previous.updatedAt())) {
      throw new IllegalArgumentException("the next state must be newer than the previous one");
    }
    try {
      dynamo.putItem(
          b -> {
            b.tableName(table).item(toItem(next));
            if (previous == null) {
              b.conditionExpression("attribute_not_exists(#id)")
                  .expressionAttributeNames(Map.of("#id", TableDefinitions.USER_ID));
            } else {
              b.conditionExpression("#at = :at")
                  .expressionAttributeNames(Map.of("#at", UPDATED_AT))
                  .expressionAttributeValues(Map.of(":at", millis(previous.updatedAt())));
            }
          });
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  static Map<String, AttributeValue> toItem(UserState state) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableDefinitions.USER_ID, AttributeValue.fromS(state.userId()));
    if (state.modelVersion() != null) {
      item.put("modelVersion", AttributeValue.fromS(state.modelVersion()));
    }
    item.put(UPDATED_AT, millis(state.updatedAt()));
    item.put("vector", AttributeValue.fromB(SdkBytes.fromByteArray(encode(state.vector()))));
    try {
      item.put("recent", AttributeValue.fromS(Json.mapper().writeValueAsString(state.recent())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode recent events", e);
    }
    item.put(
        "purchased",
        AttributeValue.fromL(state.purchased().stream().map(AttributeValue::fromS).toList()));
    return item;
  }

  /** A user-state row as read by a scan (the precompute's shopper vectors). */
  public static UserState decode(Map<String, AttributeValue> item) {
    return fromItem(item);
  }

  static UserState fromItem(Map<String, AttributeValue> item) {
    try {
      return new UserState(
          item.get(TableDefinitions.USER_ID).s(),
          item.containsKey("modelVersion") ? item.get("modelVersion").s() : null,
          Instant.ofEpochMilli(Long.parseLong(item.get(UPDATED_AT).n())),
          item.containsKey("vector") ? decode(item.get("vector").b().asByteArray()) : new float[0],
          item.containsKey("recent")
              ? Json.mapper().readValue(item.get("recent").s(), RECENT)
              : List.of(),
          item.containsKey("purchased")
              ? item.get("purchased").l().stream().map(AttributeValue::s).toList()
              : List.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "corrupt user state of " + item.get(TableDefinitions.USER_ID), e);
    }
  }

  private static AttributeValue millis(Instant at) {
    return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
  }

  static byte[] encode(float[] vector) {
    ByteBuffer buffer =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] decode(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
