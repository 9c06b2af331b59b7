package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.StoreUnavailableException;
import dev.aisle.storage.faults.DynamoFaults;
import dev.aisle.storage.faults.DynamoFaults.Fault;
import dev.aisle.storage.faults.FaultyProxy;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB throttling (injected in the SDK) and a slow DynamoDB (a delaying proxy in front of the
 * local server): writes and reads retry with capped backoff, then give up with a {@link
 * StoreUnavailableException} inside their budget; nothing waits forever.
 */
class ThrottledAndSlowTableIT {

  private static final Instant ACCEPTED = Instant.parse("2026-12-02T12:00:00Z");
  private static IsolatedStack resources;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
  }

  @AfterAll
  static void stop() {
    resources.close();
  }

  @Test
  void batchWritesLeftUnprocessedAreResentWithBackoffUntilStored() {
    try (DynamoDbClient dynamo = client(new DynamoFaults(Fault.UNPROCESSED, 3))) {
      List<Map<String, AttributeValue>> rows = rows("resent", 60);

      BatchWriter.putAll(
          dynamo, resources.settings().usersTable(), rows, Deadline.in(Duration.ofSeconds(10)));

      assertThat(
              dynamo.scan(b -> b.tableName(resources.settings().usersTable())).items().stream()
                  .filter(r -> r.get(TableDefinitions.USER_ID).s().startsWith("resent"))
                  .count())
          .isEqualTo(60);
    }
  }

  @Test
  void batchWritesThrottledForGoodEndInStoreUnavailableWithinSeconds() {
    try (DynamoDbClient dynamo = client(new DynamoFaults(Fault.UNPROCESSED))) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  BatchWriter.putAll(
                      dynamo, resources.settings().usersTable(), rows("throttled", 30)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("unprocessed");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void batchWritesGiveUpAtTheDeadline() {
    try (DynamoDbClient dynamo = client(new DynamoFaults(Fault.UNPROCESSED))) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  BatchWriter.putAll(
                      dynamo,
                      resources.settings().usersTable(),
                      rows("deadline", 30),
                      Deadline.in(Duration.ofMillis(300))))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void batchReadsLeftUnprocessedAreNotRetriedForever() {
    try (DynamoDbClient dynamo = client(new DynamoFaults(Fault.UNPROCESSED));
        EventStore store =
            new EventStore(
                dynamo,
                resources.settings().eventsTable(),
                EventStore.Deduplication.READ_BEFORE_WRITE,
                2,
                null)) {
      // the read-before-write mode reads every key first; an endless read would hang the request
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(
                      () ->
                          store.putNew(
                              events("unread", 5), ACCEPTED, Deadline.in(Duration.ofSeconds(5))))
                  .isInstanceOf(StoreUnavailableException.class)
                  .hasMessageContaining("keys"));
    }
  }

  @Test
  void aThrottledTableFailsWithinTheBudgetAfterTheSdksRetries() {
    DynamoFaults faults = new DynamoFaults(Fault.THROTTLED);
    try (DynamoDbClient dynamo = client(faults);
        EventStore store =
            new EventStore(
                dynamo,
                resources.settings().eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                4,
                null)) {
      int before = DynamoFaults.injected();
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  store.putNew(
                      events("throttled", 3), ACCEPTED, Deadline.in(Duration.ofSeconds(5))))
          .satisfies(
              e ->
                  assertThat(e)
                      .isInstanceOfAny(SdkException.class, StoreUnavailableException.class));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      assertThat(DynamoFaults.injected() - before)
          .as("throttled answers, retried by the SDK")
          .isGreaterThan(3);
    }
  }

  @Test
  void aSlowTableCostsAWriteItsBudgetNotTheSocketTimeoutTimesTheRetries() {
    try (FaultyProxy proxy =
            FaultyProxy.inFrontOf(resources.settings().dynamodbEndpoint().orElseThrow());
        DynamoDbClient dynamo =
            AwsClients.dynamoDb(
                resources.settings().withDynamodbEndpoint(proxy.endpoint()),
                AwsClients.Timeouts.REQUESTS);
        EventStore store =
            new EventStore(
                dynamo,
                resources.settings().eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                4,
                null)) {
      List<Event> events = events("slow", 8);
      proxy.delay(Duration.ofSeconds(10));
      long start = System.nanoTime();

      assertThatThrownBy(() -> store.putNew(events, ACCEPTED, Deadline.in(Duration.ofSeconds(2))))
          .satisfies(
              e ->
                  assertThat(e)
                      .isInstanceOfAny(StoreUnavailableException.class, SdkException.class));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));

      proxy.heal();
      EventStore.StoreResult resent =
          store.putNew(events, ACCEPTED.plusSeconds(5), Deadline.in(Duration.ofSeconds(10)));
      assertThat(resent.stored().size() + resent.duplicates()).isEqualTo(events.size());
      assertThat(store.scan().filter(e -> e.eventId().startsWith("slow-")).toList())
          .containsExactlyInAnyOrderElementsOf(events);
    }
  }

  private static DynamoDbClient client(DynamoFaults faults) {
    return AwsClients.dynamoDb(resources.settings(), AwsClients.Timeouts.REQUESTS, faults);
  }

  private static List<Map<String, AttributeValue>> rows(String prefix, int count) {
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(prefix + "-" + i)));
    }
    return rows;
  }

  private static List<Event> events(String prefix, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new Event(
              prefix + "-" + i,
              "u-" + prefix + i % 3,
              "i-" + i,
              EventType.VIEW,
              null,
              Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i),
              null,
              Map.of()));
    }
    return events;
  }
}
