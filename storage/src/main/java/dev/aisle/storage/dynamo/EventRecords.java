package dev.aisle.storage.dynamo;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How an {@link Event} is stored in the events table: {@code userId} and {@code eventId} (the
 * keys), {@code itemId}, {@code type} (wire name), {@code ts} (epoch millis), optional {@code
 * value}, {@code sessionId}, {@code context} (a map of strings) and {@code expiresAt}.
 */
public final class EventRecords {

  private EventRecords() {}

  public static Map<String, AttributeValue> toItem(Event event, long expiresAtEpochSeconds) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableDefinitions.USER_ID, AttributeValue.fromS(event.userId()));
    item.put(TableDefinitions.EVENT_ID, AttributeValue.fromS(event.eventId()));
    item.put(TableDefinitions.ITEM_ID, AttributeValue.fromS(event.itemId()));
    item.put("type", AttributeValue.fromS(event.type().wireName()));
    item.put(
        TableDefinitions.TIMESTAMP,
        AttributeValue.fromN(Long.toString(event.timestamp().toEpochMilli())));
    if (event.value() != null) {
      item.put("value", AttributeValue.fromN(Double.toString(event.value())));
    }
    if (event.sessionId() != null) {
      item.put("sessionId", AttributeValue.fromS(event.sessionId()));
    }
    if (!event.context().isEmpty()) {
      item.put(
          "context",
          AttributeValue.fromM(
              event.context().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())))));
    }
    if (expiresAtEpochSeconds > 0) {
      item.put(
          TableDefinitions.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAtEpochSeconds)));
    }
    return item;
  }

  public static Event fromItem(Map<String, AttributeValue> item) {
    AttributeValue value = item.get("value");
    AttributeValue session = item.get("sessionId");
    AttributeValue context = item.get("context");
    return new Event(
        item.get(TableDefinitions.EVENT_ID).s(),
        item.get(TableDefinitions.USER_ID).s(),
        item.get(TableDefinitions.ITEM_ID).s(),
        EventType.fromWire(item.get("type").s())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stored event has unknown type " + item.get("type").s())),
        value == null ? null : Double.valueOf(value.n()),
        Instant.ofEpochMilli(Long.parseLong(item.get(TableDefinitions.TIMESTAMP).n())),
        session == null ? null : session.s(),
        context == null
            ? Map.of()
            : context.m().entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().s(), (a, b) -> a, HashMap::new)));
  }
}
