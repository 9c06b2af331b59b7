package dev.aisle.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.aisle.json.Json;
import dev.aisle.state.UserState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The user-state table: one item per shopper, {@code userId} key; {@code vector} is binary
 * little-endian float32, {@code recent} a JSON list of {@link UserState.RecentEvent},
 * {@code purchased} a list of item ids, {@code updatedAt} epoch millis.
 */
public final class UserStateStore {

  private static final TypeReference<List<UserState.RecentEvent>> RECENT = new TypeReference<>() {};

  private final DynamoDbClient dynamo;
  private final String table;

  public UserStateStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  public Optional<UserState> get(String userId) {
    Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
        .key(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId)))).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  public void put(UserState state) {
    dynamo.putItem(b -> b.tableName(table).item(toItem(state)));
  }

  static Map<String, AttributeValue> toItem(UserState state) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableDefinitions.USER_ID, AttributeValue.fromS(state.userId()));
    if (state.modelVersion() != null) {
      item.put("modelVersion", AttributeValue.fromS(state.modelVersion()));
    }
    item.put("updatedAt", AttributeValue.fromN(Long.toString(state.updatedAt().toEpochMilli())));
    item.put("vector", AttributeValue.fromB(SdkBytes.fromByteArray(encode(state.vector()))));
    try {
      item.put("recent", AttributeValue.fromS(Json.mapper().writeValueAsString(state.recent())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode recent events", e);
    }
    item.put("purchased", AttributeValue.fromL(state.purchased().stream().map(AttributeValue::fromS).toList()));
    return item;
  }

  static UserState fromItem(Map<String, AttributeValue> item) {
    try {
      return new UserState(
          item.get(TableDefinitions.USER_ID).s(),
          item.containsKey("modelVersion") ? item.get("modelVersion").s() : null,
          Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())),
          item.containsKey("vector") ? decode(item.get("vector").b().asByteArray()) : new float[0],
          item.containsKey("recent") ? Json.mapper().readValue(item.get("recent").s(), RECENT) : List.of(),
          item.containsKey("purchased") ? item.get("purchased").l().stream().map(AttributeValue::s).toList() : List.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt user state of " + item.get(TableDefinitions.USER_ID), e);
    }
  }

  static byte[] encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] decode(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
