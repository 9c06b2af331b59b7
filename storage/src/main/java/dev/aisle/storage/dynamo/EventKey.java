package dev.aisle.storage.dynamo;

import dev.aisle.event.Event;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key of an events-table row: an event is stored once per ({@code userId}, {@code eventId}).
 */
public record EventKey(String userId, String eventId) {

  public static EventKey of(Event event) {
    return new EventKey(event.userId(), event.eventId());
  }

  static EventKey of(Map<String, AttributeValue> row) {
    return new EventKey(
        row.get(TableDefinitions.USER_ID).s(), row.get(TableDefinitions.EVENT_ID).s());
  }

  Map<String, AttributeValue> attributes() {
    return Map.of(
        TableDefinitions.USER_ID,
        AttributeValue.fromS(userId),
        TableDefinitions.EVENT_ID,
        AttributeValue.fromS(eventId));
  }
}
