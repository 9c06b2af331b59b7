package dev.aisle.storage.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Everything the tables hold about one shopper, as JSON (an access request, {@code GET
 * /users/export}): their rows of the events table (a query on the {@code userId} partition key,
 * never a scan), their user-state row and their users row. Every stored attribute is written as it
 * is stored, except the user-state {@code vector} (little-endian float32 bytes: written as numbers)
 * and {@code recent} (JSON text: written as JSON).
 *
 * <p>Events come in pages of at most {@code pageSize}, oldest id first; {@code nextAfter} names the
 * last event of a page when more follow (pass it as {@code after}). The two rows come with every
 * page.
 */
public final class ShopperExport {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final DynamoDbClient dynamo;
  private final AisleSettings settings;
  private final int pageSize;

  public ShopperExport(DynamoDbClient dynamo, AisleSettings settings, int pageSize) {
    this.dynamo = dynamo;
    this.settings = settings;
    this.pageSize = pageSize;
  }

  /** One page of the shopper's export; an unknown shopper gets no events and null rows. */
  public ObjectNode export(String userId, Optional<String> afterEventId) {
    ObjectNode out = NODES.objectNode();
    out.put("userId", userId);
    ArrayNode events = out.putArray("events");
    String next = events(userId, afterEventId, events);
    out.put("nextAfter", next);
    out.set(
        "userState",
        row(settings.userStateTable(), userId)
            .map(ShopperExport::userState)
            .orElse(NODES.nullNode()));
    out.set(
        "user",
        row(settings.usersTable(), userId)
            .<JsonNode>map(ShopperExport::json)
            .orElse(NODES.nullNode()));
    return out;
  }

  /**
   * Fills {@code sink} with one page of events; returns the last one's id when more may follow,
   * else null.
   */
  private String events(String userId, Optional<String> after, ArrayNode sink) {
    Map<String, AttributeValue> start =
        after
            .map(
                id ->
                    Map.of(
                        TableDefinitions.USER_ID, AttributeValue.fromS(userId),
                        TableDefinitions.EVENT_ID, AttributeValue.fromS(id)))
            .orElse(null);
    String last = null;
    while (sink.size() < pageSize) {
      Map<String, AttributeValue> from = start;
      int wanted = pageSize - sink.size();
      QueryResponse page =
          dynamo.query(
              b ->
                  b.tableName(settings.eventsTable())
                      .consistentRead(true)
                      .keyConditionExpression("#u = :u")
                      .expressionAttributeNames(Map.of("#u", TableDefinitions.USER_ID))
                      .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                      .exclusiveStartKey(from)
                      .limit(wanted));
      page.items().forEach(item -> sink.add(json(item)));
      if (!page.items().isEmpty()) {
        last = page.items().get(page.items().size() - 1).get(TableDefinitions.EVENT_ID).s();
      }
      if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
        return null;
      }
      start = page.lastEvaluatedKey();
    }
    return last;
  }

  private Optional<Map<String, AttributeValue>> row(String table, String userId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId))))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private static JsonNode userState(Map<String, AttributeValue> item) {
    ObjectNode out = json(item);
    AttributeValue vector = item.get("vector");
    if (vector != null && vector.b() != null) {
      ArrayNode values = out.putArray("vector");
      for (float f : UserStateStore.decode(vector.b().asByteArray())) {
        values.add(f);
      }
    }
    AttributeValue recent = item.get("recent");
    if (recent != null && recent.s() != null) {
      try {
        out.set("recent", Json.mapper().readTree(recent.s()));
      } catch (JsonProcessingException unreadable) {
        // written by the stream updater as JSON; if it is not, the text as stored is the export
      }
    }
    return out;
  }

  /** A DynamoDB item as JSON, attributes in name order. */
  static ObjectNode json(Map<String, AttributeValue> item) {
    ObjectNode out = NODES.objectNode();
    new TreeMap<>(item).forEach((name, value) -> out.set(name, json(value)));
    return out;
  }

  private static JsonNode json(AttributeValue value) {
    return switch (value.type()) {
      case S -> NODES.textNode(value.s());
      case N -> NODES.numberNode(new BigDecimal(value.n()));
      case BOOL -> NODES.booleanNode(value.bool());
      case NUL -> NODES.nullNode();
      case B -> NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
      case M -> json(value.m());
      case L -> {
        ArrayNode list = NODES.arrayNode();
        value.l().forEach(v -> list.add(json(v)));
        yield list;
      }
      case SS -> {
        ArrayNode list = NODES.arrayNode();
        value.ss().forEach(list::add);
        yield list;
      }
      case NS -> {
        ArrayNode list = NODES.arrayNode();
        value.ns().forEach(n -> list.add(new BigDecimal(n)));
        yield list;
      }
      case BS -> {
        ArrayNode list = NODES.arrayNode();
        value.bs().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        yield list;
      }
      default -> NODES.nullNode();
    };
  }
}
