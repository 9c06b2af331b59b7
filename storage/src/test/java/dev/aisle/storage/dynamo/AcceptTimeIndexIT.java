package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The events table's accept-time index as the trainer reads it: each window (after, upTo] gives
 * exactly the events the api accepted in it, a backfilled event (old timestamp, accepted late)
 * included, whichever shard its row landed in; the full scan cuts on accept time too.
 */
class AcceptTimeIndexIT {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static final List<Event> BATCH_1 = new ArrayList<>();
  private static final List<Event> BATCH_2 = new ArrayList<>();
  private static final List<Event> BATCH_3 = new ArrayList<>();

  @BeforeAll
  static void store() {
    resources = new IsolatedStack("accept");
    dynamo = AwsClients.dynamoDb(resources.settings());
    try (EventStore store =
        new EventStore(
            dynamo,
            resources.settings().eventsTable(),
            EventStore.Deduplication.READ_BEFORE_WRITE,
            4,
            Duration.ofDays(365))) {
      for (int u = 0; u < 30; u++) {
        BATCH_1.add(event("a" + u, "user" + u, T0.plusSeconds(u)));
        BATCH_2.add(event("b" + u, "user" + u, T0.plusSeconds(3600 + u)));
        // accepted with batch 3, stamped a month earlier (a backfill)
        BATCH_3.add(event("c" + u, "user" + (u % 7), T0.minus(Duration.ofDays(30)).plusSeconds(u)));
      }
      store.putNew(BATCH_1, T0.plusSeconds(100));
      store.putNew(BATCH_2, T0.plusSeconds(200));
      store.putNew(BATCH_3, T0.plusSeconds(300));
    }
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void eachWindowGivesExactlyTheEventsAcceptedInIt() {
    assertThat(accepted(T0, T0.plusSeconds(100))).isEqualTo(ids(BATCH_1));
    assertThat(accepted(T0.plusSeconds(100), T0.plusSeconds(250))).isEqualTo(ids(BATCH_2));
    assertThat(accepted(T0.plusSeconds(250), T0.plusSeconds(300))).isEqualTo(ids(BATCH_3));
    assertThat(accepted(T0.plusSeconds(300), T0.plusSeconds(900))).isEmpty();
    assertThat(accepted(T0.plusSeconds(100), T0.plusSeconds(100))).isEmpty();
  }

  @Test
  void rowsCarryAShardAndTheScanCutsOnAcceptTime() {
    List<Event> read = Collections.synchronizedList(new ArrayList<>());
    new EventTableReader(dynamo, resources.settings().eventsTable())
        .scan(T0.plusSeconds(250), 3, read::add, n -> {});
    Set<String> expected = ids(BATCH_1);
    expected.addAll(ids(BATCH_2));
    assertThat(read.stream().map(Event::eventId).collect(Collectors.toSet())).isEqualTo(expected);
    // the projection carries what training needs
    assertThat(read).allSatisfy(e -> assertThat(e.itemId()).isNotBlank());

    Set<String> shards = new java.util.HashSet<>();
    dynamo
        .scanPaginator(b -> b.tableName(resources.settings().eventsTable()))
        .items()
        .forEach(row -> shards.add(row.get(TableDefinitions.ACCEPT_SHARD).s()));
    assertThat(shards)
        .hasSizeGreaterThan(8)
        .allMatch(s -> s.matches("[01][0-9]") && Integer.parseInt(s) < 16);
  }

  private static Set<String> accepted(Instant after, Instant upTo) {
    List<Event> read = Collections.synchronizedList(new ArrayList<>());
    EventTableReader.Result result =
        new EventTableReader(dynamo, resources.settings().eventsTable())
            .readAccepted(after, upTo, read::add, n -> {});
    assertThat(result.events()).isEqualTo(read.size());
    return read.stream().map(Event::eventId).collect(Collectors.toSet());
  }

  private static Set<String> ids(List<Event> events) {
    return events.stream()
        .map(Event::eventId)
        .collect(Collectors.toCollection(java.util.HashSet::new));
  }

  private static Event event(String id, String user, Instant at) {
    return new Event(id, user, "item-" + id, EventType.VIEW, null, at, null, Map.of());
  }
}
