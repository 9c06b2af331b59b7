package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Publishing with bounded waits, and the outbox relay, on the local broker and DynamoDB server. */
class OutboxRelayIT {

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
  void anUnreachableBrokerFailsWithinTheTimeoutAndOpensTheCoolDown() {
    AisleSettings nowhere = new AisleSettings(resources.settings().region(), true, resources.settings().dynamodbEndpoint(),
        resources.settings().s3Endpoint(), "127.0.0.1:1", false, "t", "t", "t", "t", "aisle.nowhere", "dlq", "b", "c");
    List<Event> events = events("nowhere", 20);
    try (EventPublisher publisher = EventPublisher.create(nowhere, Duration.ofSeconds(2), Duration.ofMinutes(1))) {
      long start = System.nanoTime();
      List<Event> failed = publisher.publish(events);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failed).containsExactlyElementsOf(events);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(publisher.unavailable()).isTrue();
    }
  }

  @Test
  void theRelayPublishesEveryOutboxEventOnceAndEmptiesTheOutbox() throws Exception {
    List<Event> events = events("relay", 300);
    try (EventStore store = new EventStore(dynamo, resources.settings().eventsTable(),
            EventStore.Deduplication.READ_BEFORE_WRITE, 4, null);
        EventPublisher publisher = new EventPublisher(
            new KafkaProducer<>(EventPublisher.producerProperties(resources.settings(), Duration.ofSeconds(5))),
            resources.settings().interactionsTopic(), Duration.ofSeconds(5), Duration.ofSeconds(10), Clock.systemUTC())) {
      store.putNew(events, Instant.now(), true);

      OutboxRelay.Pass pass = new OutboxRelay(store, publisher, 50, 10_000).relayOnce();

      assertThat(pass.relayed()).isEqualTo(events.size());
      assertThat(pass.drained()).isTrue();
      for (int shard = 0; shard < EventStore.OUTBOX_SHARDS; shard++) {
        assertThat(store.pending(shard, 10)).isEmpty();
      }
      assertThat(publisher.unavailable()).isFalse();
    }

    List<Event> received = consume(events.size());
    assertThat(received).containsExactlyInAnyOrderElementsOf(events);
  }

  private static List<Event> consume(int expected) throws Exception {
    List<Event> received = new ArrayList<>();
    Set<String> keysMatchUsers = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        KafkaClients.consumer(resources.settings(), "relay-it-" + resources.settings().interactionsTopic()))) {
      consumer.subscribe(List.of(resources.settings().interactionsTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Event event = Json.mapper().readValue(record.value(), Event.class);
          received.add(event);
          if (record.key().equals(event.userId())) {
            keysMatchUsers.add(event.eventId());
          }
        }
      }
      // anything beyond the expected count would be a duplicate: give it a moment to show up
      consumer.poll(Duration.ofSeconds(1)).forEach(r -> received.add(read(r.value())));
    }
    assertThat(keysMatchUsers).hasSize(expected);
    return received;
  }

  private static Event read(byte[] json) {
    try {
      return Json.mapper().readValue(json, Event.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Event> events(String prefix, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(new Event(prefix + "-" + i, "user-" + i % 37, "item-" + i % 11, EventType.PURCHASE, 2.0,
          Instant.parse("2024-05-31T10:15:30.123Z").plusSeconds(i), null, Map.of("country", "DE")));
    }
    return events;
  }
}
