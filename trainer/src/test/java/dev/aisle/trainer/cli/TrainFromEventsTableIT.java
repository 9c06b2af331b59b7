package dev.aisle.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.Item;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.EventTableReader;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.trainer.data.EventsTableSource;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.hygiene.Hygiene;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading the events and items tables of the local stack, as train and pipeline do by default. */
class TrainFromEventsTableIT {

  private static final Instant CUTOFF = Instant.parse("2026-02-01T00:00:00Z");
  private static AisleSettings settings;
  private static DynamoDbClient dynamo;
  private static final List<Event> EVENTS = new ArrayList<>();

  @BeforeAll
  static void tables() {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-trainer-it-" + UUID.randomUUID().toString().substring(0, 8));
    dynamo = AwsClients.dynamoDb(settings);
    TableDefinitions.all(settings).stream()
        .filter(
            t ->
                t.tableName().equals(settings.eventsTable())
                    || t.tableName().equals(settings.itemsTable()))
        .forEach(
            t -> {
              dynamo.createTable(t);
              dynamo.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            });
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int e = 0; e < 6; e++) {
        // the last event of each user comes after the cut-off
        Instant at = CUTOFF.minusSeconds(3600L * (6 - e)).plusSeconds(e == 5 ? 7200 : 0);
        Event event =
            new Event(
                "e" + u + "-" + e,
                "user" + u,
                "item" + ((u + e * 7) % 25),
                e % 3 == 0 ? EventType.PURCHASE : EventType.VIEW,
                e % 3 == 0 ? 2.0 : null,
                at,
                null,
                Map.of());
        EVENTS.add(event);
        items.add(EventRecords.toItem(event, 0));
      }
    }
    BatchWriter.putAll(dynamo, settings.eventsTable(), items);
    new ItemStore(dynamo, settings.itemsTable())
        .putAll(
            List.of(
                new Item("item1", "One", "toys", 5.0, List.of(), true),
                new Item("item2", "Two", "books", 7.0, List.of(), false)));
  }

  @AfterAll
  static void drop() {
    dynamo.deleteTable(b -> b.tableName(settings.eventsTable()));
    dynamo.deleteTable(b -> b.tableName(settings.itemsTable()));
    dynamo.close();
  }

  /** Rows written without acceptedAt (as these are) are cut on their own timestamps. */
  @Test
  void parallelScanKeepsExactlyTheEventsUpToTheCutoff() {
    List<Event> read = Collections.synchronizedList(new ArrayList<>());
    EventTableReader.Result result =
        new EventTableReader(dynamo, settings.eventsTable()).scan(CUTOFF, 3, read::add, n -> {});
    List<Event> expected = EVENTS.stream().filter(e -> !e.timestamp().isAfter(CUTOFF)).toList();
    assertThat(read).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(result.events()).isEqualTo(expected.size());
    assertThat(result.unreadable()).isZero();
  }

  @Test
  void theSourceStreamsEventsAndReadsTheCatalogFromTheTables() {
    EventsTableSource source = new EventsTableSource(settings, 4, null, line -> {});
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = Collections.synchronizedList(new ArrayList<>());
    source.read(null, CUTOFF, report, rows::add);
    assertThat(rows).hasSize(40 * 5);
    assertThat(report.readRows()).isEqualTo(200);
    Map<String, Item> catalog = source.catalog();
    assertThat(catalog).containsOnlyKeys("item1", "item2");
    assertThat(catalog.get("item2").available()).isFalse();
    assertThat(Hygiene.clean(rows, CUTOFF.toEpochMilli(), HygieneRules.defaults(), report))
        .hasSize(200);
  }
}
