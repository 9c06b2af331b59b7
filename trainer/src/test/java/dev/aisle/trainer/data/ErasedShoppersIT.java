package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.time.Duration;
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

/** The trainer reads the events table without the events of shoppers that have a live tombstone. */
class ErasedShoppersIT {

  private static final String SALT = "trainer-erasure-it-salt";
  private static final Instant CUT = Instant.parse("2026-02-01T00:00:00Z");
  private static AisleSettings settings;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void tables() {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-erased-it-" + UUID.randomUUID().toString().substring(0, 8));
    dynamo = AwsClients.dynamoDb(settings);
    TableDefinitions.all(settings).stream()
        .filter(
            t ->
                t.tableName().equals(settings.eventsTable())
                    || t.tableName().equals(settings.erasuresTable()))
        .forEach(
            t -> {
              dynamo.createTable(t);
              dynamo.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            });
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    for (String user : List.of("gone@example.com", "kept@example.com")) {
      for (int e = 0; e < 5; e++) {
        rows.add(
            EventRecords.toItem(
                new Event(
                    user + "-" + e,
                    user,
                    "item" + e,
                    EventType.VIEW,
                    null,
                    CUT.minusSeconds(600L * (e + 1)),
                    null,
                    Map.of()),
                0));
      }
    }
    BatchWriter.putAll(dynamo, settings.eventsTable(), rows);
    new ErasureStore(dynamo, settings.erasuresTable(), Duration.ofDays(30), Duration.ofDays(365))
        .request(new ShopperHash(SALT).of("gone@example.com"), Instant.now());
  }

  @AfterAll
  static void drop() {
    dynamo.deleteTable(b -> b.tableName(settings.eventsTable()));
    dynamo.deleteTable(b -> b.tableName(settings.erasuresTable()));
    dynamo.close();
  }

  @Test
  void eventsOfATombstonedShopperAreSkippedAndCounted() {
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = Collections.synchronizedList(new ArrayList<>());
    new EventsTableSource(settings, 2, null, line -> {}, SALT).read(null, CUT, report, rows::add);

    assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r.toString()).doesNotContain("gone@"));
    assertThat(report.invalid()).containsEntry("erased_shopper", 5L);

    List<Interaction> withoutSalt = Collections.synchronizedList(new ArrayList<>());
    new EventsTableSource(settings, 2, null, line -> {}, "another-salt-of-length")
        .read(null, CUT, new HygieneReport(), withoutSalt::add);
    assertThat(withoutSalt).as("another salt matches no tombstone").hasSize(10);
  }
}
