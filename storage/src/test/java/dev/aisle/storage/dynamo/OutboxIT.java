package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The outbox table on the local DynamoDB-compatible server: entries held, found when due, released.
 */
class OutboxIT {

  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static Outbox outbox;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    dynamo = AwsClients.dynamoDb(resources.settings());
    outbox = new Outbox(dynamo, resources.settings().outboxTable());
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void anEntryHoldsARequestsKeysUntilReleasedAndIsDueOnceOlderThanTheCut() {
    Instant accepted = Instant.parse("2026-12-02T10:00:00.250Z");
    List<EventKey> keys =
        List.of(new EventKey("u-1", "e-1"), new EventKey("u-2", "e-2"), new EventKey("u-1", "e-3"));

    List<Outbox.Entry> held = outbox.hold(keys, accepted, Deadline.in(Duration.ofSeconds(5)));
    int shard = Integer.parseInt(held.get(0).shard());

    assertThat(held)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.keys()).isEqualTo(keys);
              assertThat(e.acceptedAt()).isEqualTo(accepted);
            });
    assertThat(outbox.due(shard, accepted, 10, Deadline.none()))
        .as("not older than the cut")
        .isEmpty();
    assertThat(outbox.due(shard, accepted.plusMillis(1), 10, Deadline.none()))
        .containsExactlyElementsOf(held);
    Outbox.Backlog backlog = outbox.backlog(accepted.plusMillis(1));
    assertThat(backlog.events()).isEqualTo(3);
    assertThat(backlog.entries()).isEqualTo(1);
    assertThat(backlog.oldest()).contains(accepted);
    assertThat(backlog.oldestAge(accepted.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));

    outbox.release(held, Deadline.none());

    assertThat(outbox.due(shard, accepted.plusSeconds(1), 10, Deadline.none())).isEmpty();
    assertThat(outbox.backlog(accepted.plusSeconds(1)))
        .isEqualTo(new Outbox.Backlog(0, 0, java.util.Optional.empty(), false));
  }

  @Test
  void keysTooLargeForOneItemAreSpreadOverSeveralEntries() {
    Instant accepted = Instant.parse("2026-12-02T11:00:00Z");
    // 500 events with ids of 128 four-byte code points: 513 KB of keys, over DynamoDB's 400 KB item
    // limit
    String wide = "\uD83D\uDED2".repeat(127);
    List<EventKey> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(
          new EventKey(wide + (char) ('a' + i % 26), wide + i % 10 + (char) ('a' + i / 26 % 26)));
    }

    List<Outbox.Entry> held = outbox.hold(keys, accepted, Deadline.none());

    assertThat(held)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.shard()).isEqualTo(held.get(0).shard()));
    List<Outbox.Entry> due =
        outbox.due(
            Integer.parseInt(held.get(0).shard()), accepted.plusMillis(1), 10, Deadline.none());
    assertThat(due.stream().flatMap(e -> e.keys().stream()).toList()).isEqualTo(keys);
    outbox.release(held, Deadline.none());
  }
}
