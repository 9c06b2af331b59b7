package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.EventRetention;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The retention rule on the local DynamoDB server (no TTL there): ingest writes {@code expiresAt}
 * (timestamp + retention, what TTL would act on), the trainer's reads skip expired events, and the
 * sweeper deletes exactly the expired rows.
 */
class RetentionIT {

  private static final Instant NOW = Instant.now();
  private static final EventRetention RETENTION = EventRetention.parse("730d");
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static final List<Event> OLD = new ArrayList<>();
  private static final List<Event> RECENT = new ArrayList<>();

  @BeforeAll
  static void store() {
    resources = new IsolatedStack("retention");
    dynamo = AwsClients.dynamoDb(resources.settings());
    for (int i = 0; i < 30; i++) {
      OLD.add(event("old" + i, "user" + (i % 4), NOW.minus(Duration.ofDays(731 + i))));
      RECENT.add(event("new" + i, "user" + (i % 4), NOW.minus(Duration.ofDays(729 - i))));
    }
    try (EventStore store =
        new EventStore(
            dynamo,
            resources.settings().eventsTable(),
            EventStore.Deduplication.READ_BEFORE_WRITE,
            4,
            RETENTION.period().orElseThrow())) {
      List<Event> all = new ArrayList<>(OLD);
      all.addAll(RECENT);
      store.putNew(all, NOW);
    }
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void ingestWritesTheTtlAttributeAndTheSweeperDeletesOnlyExpiredRows() {
    Map<String, AttributeValue> row =
        dynamo
            .getItem(
                b ->
                    b.tableName(resources.settings().eventsTable())
                        .key(
                            Map.of(
                                "userId",
                                AttributeValue.fromS("user0"),
                                "eventId",
                                AttributeValue.fromS("new0"))))
            .item();
    assertThat(Long.parseLong(row.get(TableDefinitions.EXPIRES_AT).n()))
        .isEqualTo(RECENT.get(0).timestamp().plus(Duration.ofDays(730)).getEpochSecond());

    // The reader calls the sink from one worker thread per segment.
    List<String> readable = Collections.synchronizedList(new ArrayList<>());
    List<String> expired = Collections.synchronizedList(new ArrayList<>());
    new EventTableReader(dynamo, resources.settings().eventsTable())
        .scan(
            NOW.plusSeconds(60),
            2,
            e -> (RETENTION.expired(e.timestamp(), NOW) ? expired : readable).add(e.eventId()),
            n -> {});
    assertThat(expired).hasSize(OLD.size());
    assertThat(readable).hasSize(RECENT.size());

    long deleted =
        new RetentionSweeper(dynamo, resources.settings().eventsTable())
            .sweep(RETENTION.expiredBefore(NOW).orElseThrow());
    assertThat(deleted).isEqualTo(OLD.size());
    List<String> left = Collections.synchronizedList(new ArrayList<>());
    new EventTableReader(dynamo, resources.settings().eventsTable())
        .scan(NOW.plusSeconds(60), 2, e -> left.add(e.eventId()), n -> {});
    assertThat(left)
        .containsExactlyInAnyOrderElementsOf(RECENT.stream().map(Event::eventId).toList());
    assertThat(
            new RetentionSweeper(dynamo, resources.settings().eventsTable())
                .sweep(RETENTION.expiredBefore(NOW).orElseThrow()))
        .as("a second sweep finds nothing")
        .isZero();
  }

  private static Event event(String id, String user, Instant at) {
    return new Event(id, user, "item-" + id, EventType.VIEW, null, at, null, Map.of());
  }
}
