package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Put and query through the product's own client configuration, against the local DynamoDB. */
class DynamoDbRoundTripIT {

  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    dynamo = AwsClients.dynamoDb(resources.settings());
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void eventsComeBackPerUserInTimeOrder() {
    Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    // written newest first, with event ids that do not sort by time
    for (int i = 9; i >= 0; i--) {
      Event event =
          new Event(
              "e-" + (char) ('z' - i),
              "u1",
              "item-" + i,
              EventType.CLICK,
              null,
              t0.plusSeconds(i),
              "s1",
              Map.of("device", "mobile"));
      items.add(EventRecords.toItem(event, 0));
    }
    items.add(
        EventRecords.toItem(
            new Event("other", "u2", "item-x", EventType.VIEW, null, t0, null, null), 0));
    BatchWriter.putAll(dynamo, resources.settings().eventsTable(), items);

    List<Event> events =
        dynamo
            .queryPaginator(
                b ->
                    b.tableName(resources.settings().eventsTable())
                        .indexName(TableDefinitions.EVENTS_BY_TIME_INDEX)
                        .keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("u1"))))
            .items()
            .stream()
            .map(EventRecords::fromItem)
            .toList();

    assertThat(events).hasSize(10);
    assertThat(events)
        .extracting(Event::itemId)
        .containsExactly(
            "item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6", "item-7",
            "item-8", "item-9");
    assertThat(events.get(3).context()).containsEntry("device", "mobile");
    assertThat(events.get(3).timestamp()).isEqualTo(t0.plusSeconds(3));
  }
}
