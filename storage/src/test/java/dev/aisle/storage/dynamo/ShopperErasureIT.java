package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.UserProfile;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.local.StoredTraces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One shopper with 10,000 events erased from every DynamoDB store on the local server, in well
 * under a minute, while another shopper's data stays; then nothing of them is found in any table or
 * bucket.
 */
class ShopperErasureIT {

  private static final String ERASED = "erase.me@example.com";
  private static final String KEPT = "keep.me@example.com";
  private static final int EVENTS = 10_000;
  private static final Instant ACCEPTED = Instant.parse("2026-12-01T12:00:00Z");
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("erasure");
    dynamo = AwsClients.dynamoDb(resources.settings());
    s3 = AwsClients.s3(resources.settings());
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    s3.close();
    resources.close();
  }

  @Test
  void aShopperWith10000EventsIsErasedFromEveryStoreWithinAMinute() {
    AisleSettings settings = resources.settings();
    plant(settings);
    assertThat(StoredTraces.find(dynamo, s3, settings, ERASED))
        .as("planted")
        .hasSizeGreaterThanOrEqualTo(4);

    Map<String, Long> removed;
    long millis;
    try (ShopperErasure erasure = new ShopperErasure(dynamo, settings, null, 8)) {
      long started = System.nanoTime();
      removed = erasure.erase(ERASED);
      millis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("erasure of %d events took %d ms%n", EVENTS, millis);

      assertThat(removed)
          .containsExactly(
              Map.entry("events", (long) EVENTS),
              Map.entry("userState", 1L),
              Map.entry("user", 1L),
              Map.entry("outbox", 3L),
              Map.entry("pairs", 0L));
      assertThat(millis).as("erasure time").isLessThan(Duration.ofMinutes(1).toMillis());

      assertThat(StoredTraces.find(dynamo, s3, settings, ERASED)).isEmpty();
      assertThat(StoredTraces.find(dynamo, s3, settings, KEPT))
          .as("the other shopper stays")
          .contains(
              "table " + settings.eventsTable(),
              "table " + settings.userStateTable(),
              "table " + settings.usersTable(),
              "table " + settings.outboxTable());
      assertThat(new Outbox(dynamo, settings.outboxTable()).backlog(Instant.now()).events())
          .as(
              "the mixed entry keeps the other shopper's key; the erased shopper's own entry is gone")
          .isEqualTo(1);

      assertThat(erasure.erase(ERASED))
          .as("idempotent")
          .containsExactly(
              Map.entry("events", 0L),
              Map.entry("userState", 0L),
              Map.entry("user", 0L),
              Map.entry("outbox", 0L),
              Map.entry("pairs", 0L));
    }
  }

  private static void plant(AisleSettings settings) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      events.add(event("e-" + i, ERASED, i));
    }
    events.add(event("k-1", KEPT, 1));
    try (EventStore store =
        new EventStore(
            dynamo,
            settings.eventsTable(),
            EventStore.Deduplication.READ_BEFORE_WRITE,
            8,
            Duration.ofDays(365))) {
      for (int start = 0; start < events.size(); start += 500) {
        store.putNew(events.subList(start, Math.min(events.size(), start + 500)), ACCEPTED);
      }
    }
    UserStateStore states = new UserStateStore(dynamo, settings.userStateTable());
    for (String user : List.of(ERASED, KEPT)) {
      states.put(
          new UserState(
              user,
              "v1",
              ACCEPTED,
              new float[] {1f, 2f},
              List.of(new UserState.RecentEvent("e-1", "i-1", EventType.CLICK, null, ACCEPTED)),
              List.of("i-2")));
    }
    new UserStore(dynamo, settings.usersTable())
        .putAll(
            List.of(
                new UserProfile(ERASED, Map.of("country", "DE")),
                new UserProfile(KEPT, Map.of("country", "FR"))));
    Outbox outbox = new Outbox(dynamo, settings.outboxTable());
    outbox.hold(
        List.of(
            new EventKey(ERASED, "e-1"), new EventKey(KEPT, "k-1"), new EventKey(ERASED, "e-2")),
        ACCEPTED,
        Deadline.none());
    outbox.hold(List.of(new EventKey(ERASED, "e-3")), ACCEPTED, Deadline.none());
  }

  private static Event event(String eventId, String userId, int n) {
    return new Event(
        eventId,
        userId,
        "item-" + (n % 97),
        EventType.CLICK,
        null,
        ACCEPTED.minusSeconds(n),
        "s-1",
        Map.of("device", "mobile"));
  }
}
