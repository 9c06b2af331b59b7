package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local DynamoDB server has no TTL, so expired events are still in the table: the trainer's
 * read of the events table leaves out those older than the retention (730 days unless
 * AISLE_EVENT_RETENTION says otherwise) and counts them in the hygiene report.
 */
class EventsTableRetentionIT {

  private static AisleSettings settings;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void table() {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-retention-it-" + UUID.randomUUID().toString().substring(0, 8));
    dynamo = AwsClients.dynamoDb(settings);
    TableDefinitions.all(settings).stream()
        .filter(t -> t.tableName().equals(settings.eventsTable()))
        .forEach(
            t -> {
              dynamo.createTable(t);
              dynamo.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            });
    Instant now = Instant.now();
    BatchWriter.putAll(
        dynamo,
        settings.eventsTable(),
        List.of(
            EventRecords.toItem(event("expired", now.minus(Duration.ofDays(800))), 0),
            EventRecords.toItem(event("kept", now.minus(Duration.ofDays(10))), 0)));
  }

  @AfterAll
  static void drop() {
    dynamo.deleteTable(b -> b.tableName(settings.eventsTable()));
    dynamo.close();
  }

  @Test
  void eventsOlderThanTheRetentionDoNotTrain() {
    // the default retention applies unless the environment running the tests sets another
    assertThat(System.getenv("AISLE_EVENT_RETENTION")).isNull();
    List<String> rows = new ArrayList<>();
    HygieneReport report = new HygieneReport();
    new EventsTableSource(settings, 1, null, line -> {})
        .read(null, Instant.now().plusSeconds(60), report, row -> rows.add(row.itemId()));
    assertThat(rows).containsExactly("item-kept");
    assertThat(report.invalid()).containsEntry("expired_by_retention", 1L);
  }

  private static Event event(String id, Instant at) {
    return new Event(id, "retention-user", "item-" + id, EventType.VIEW, null, at, null, Map.of());
  }
}
