package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Idempotent writes and the outbox of the events table, on the local DynamoDB-compatible server.
 */
class EventStoreIT {

  private static final Instant ACCEPTED = Instant.parse("2024-06-01T12:00:00Z");
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private EventStore store;

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

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @ParameterizedTest
  @EnumSource(EventStore.Deduplication.class)
  void storesEachEventOnceAndReportsDuplicates(EventStore.Deduplication mode) {
    store =
        new EventStore(dynamo, resources.settings().eventsTable(), mode, 4, Duration.ofDays(30));
    String run = mode.name();
    Event a = event(run + "-a", "u1");
    Event b = event(run + "-b", "u2");

    EventStore.StoreResult first = store.putNew(List.of(a, b, a), ACCEPTED);
    EventStore.StoreResult second =
        store.putNew(List.of(b, event(run + "-c", "u1")), ACCEPTED.plusSeconds(60));

    assertThat(first.stored()).containsExactly(a, b);
    assertThat(first.duplicates()).isEqualTo(1);
    assertThat(second.stored()).extracting(Event::eventId).containsExactly(run + "-c");
    assertThat(second.duplicates()).isEqualTo(1);
    assertThat(store.scan().filter(e -> e.eventId().startsWith(run)).toList())
        .containsExactlyInAnyOrder(a, b, event(run + "-c", "u1"));
  }

  @Test
  void rowsCarryTheirExpiryWhenARetentionIsSet() {
    store =
        new EventStore(
            dynamo,
            resources.settings().eventsTable(),
            EventStore.Deduplication.CONDITIONAL_PUT,
            2,
            Duration.ofDays(1));
    Event e = event("ttl-1", "u-ttl");

    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> row =
        store.row(e, ACCEPTED);

    assertThat(row.get(TableDefinitions.EXPIRES_AT).n())
        .isEqualTo(Long.toString(e.timestamp().plus(Duration.ofDays(1)).getEpochSecond()));
    assertThat(row.get("acceptedAt").n()).isEqualTo(Long.toString(ACCEPTED.toEpochMilli()));
    assertThat(row).doesNotContainKey(TableDefinitions.UNPUBLISHED);
  }

  @Test
  void conditionalPutsStoreARacingEventExactlyOnce() throws Exception {
    store =
        new EventStore(
            dynamo,
            resources.settings().eventsTable(),
            EventStore.Deduplication.CONDITIONAL_PUT,
            8,
            null);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(event("race-" + i, "u-race-" + i % 5));
    }
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Callable<EventStore.StoreResult>> sameBatchFourTimes =
        java.util.Collections.nCopies(4, () -> store.putNew(events, ACCEPTED));
    int stored = 0;
    int duplicates = 0;
    for (Future<EventStore.StoreResult> result : clients.invokeAll(sameBatchFourTimes)) {
      stored += result.get().stored().size();
      duplicates += result.get().duplicates();
    }
    clients.shutdown();

    assertThat(stored).isEqualTo(40);
    assertThat(duplicates).isEqualTo(3 * 40);
  }

  @ParameterizedTest
  @EnumSource(EventStore.Deduplication.class)
  void acceptedAtFindsTheEventsARequestStoredItselfAndNotTheDuplicatesItMet(
      EventStore.Deduplication mode) {
    store = new EventStore(dynamo, resources.settings().eventsTable(), mode, 4, null);
    String run = "accepted-" + mode.name();
    Event a = event(run + "-a", "u-acc");
    Event b = event(run + "-b", "u-acc");
    Event c = event(run + "-c", "u-acc2");
    store.putNew(List.of(a, b), ACCEPTED);
    store.putNew(List.of(b, c), ACCEPTED.plusMillis(1));
    List<EventKey> keys =
        List.of(
            EventKey.of(a), EventKey.of(b), EventKey.of(c), new EventKey("u-acc", run + "-never"));

    assertThat(store.acceptedAt(keys, ACCEPTED, Deadline.none())).containsExactlyInAnyOrder(a, b);
    assertThat(store.acceptedAt(keys, ACCEPTED.plusMillis(1), Deadline.none())).containsExactly(c);
    assertThat(store.acceptedAt(keys, ACCEPTED.plusMillis(2), Deadline.none())).isEmpty();
  }

  private static Event event(String eventId, String userId) {
    return new Event(
        eventId,
        userId,
        "item-" + eventId,
        EventType.RATING,
        4.5,
        Instant.parse("2024-05-31T10:15:30.123Z"),
        "s-1",
        Map.of("device", "mobile"));
  }
}
