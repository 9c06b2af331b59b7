package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.kafka.EventSender;
import dev.aisle.storage.kafka.KafkaClients;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Publishing with bounded waits, and the outbox relay, on the local broker and DynamoDB server. */
class OutboxRelayIT {

  private static final Duration RELAY_AFTER = Duration.ofSeconds(30);
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
    AisleSettings nowhere = resources.settings().withKafkaBootstrap("127.0.0.1:1");
    List<Event> events = events("nowhere", 20);
    try (EventSender sender =
        EventSender.create(nowhere, Duration.ofSeconds(2), Duration.ofMinutes(1))) {
      long start = System.nanoTime();
      List<Event> failed = sender.send(events);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(failed).containsExactlyElementsOf(events);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(sender.unavailable()).isTrue();
    }
  }

  @Test
  void theRelayPublishesWhatEachDueEntrysRequestStoredItselfThenDeletesTheEntry() throws Exception {
    Outbox outbox = new Outbox(dynamo, resources.settings().outboxTable());
    Instant now = Instant.now();
    List<Event> stranded = events("stranded", 300);
    Event earlier = events("earlier", 1).get(0);
    List<Event> young = events("young", 5);
    try (EventStore store =
            new EventStore(
                dynamo,
                resources.settings().eventsTable(),
                EventStore.Deduplication.READ_BEFORE_WRITE,
                4,
                null);
        EventSender sender = sender(resources.settings())) {
      // a request that stored its events and died before Kafka, a minute ago; one of its events
      // had been stored (and published) by an earlier request, one it never got to store
      store.putNew(List.of(earlier), now.minusSeconds(120));
      Instant accepted = now.minusSeconds(60);
      List<EventKey> keys = new ArrayList<>(stranded.stream().map(EventKey::of).toList());
      keys.add(EventKey.of(earlier));
      keys.add(new EventKey("user-1", "stranded-never-stored"));
      outbox.hold(keys, accepted, Deadline.none());
      store.putNew(stranded, accepted);
      store.putNew(List.of(earlier), accepted);
      // a request still running: its entry is younger than the relay's cut
      outbox.hold(young.stream().map(EventKey::of).toList(), now, Deadline.none());
      store.putNew(young, now);

      OutboxRelay relay = relay(outbox, store, sender);
      OutboxRelay.Run run = relay.run(Deadline.in(Duration.ofSeconds(60)));
      Outbox.Backlog left = relay.backlog();

      assertThat(run.relayed()).isEqualTo(stranded.size());
      assertThat(run.entries()).isEqualTo(1);
      assertThat(run.drained()).isTrue();
      assertThat(left.events()).as("due events left").isZero();
      assertThat(left.entries()).isZero();
      assertThat(left.oldestAge(Instant.now())).as("the young entry").isLessThan(RELAY_AFTER);
      assertThat(sender.unavailable()).isFalse();
    }
    assertThat(consume(resources.settings(), stranded.size()))
        .containsExactlyInAnyOrderElementsOf(stranded);
  }

  @Test
  void aFailingBrokerLeavesTheEntryForTheNextRun() {
    AisleSettings isolated = new IsolatedStack("it").settings();
    AisleSettings nowhere = isolated.withKafkaBootstrap("127.0.0.1:1");
    Outbox outbox = new Outbox(dynamo, isolated.outboxTable());
    Instant accepted = Instant.now().minusSeconds(60);
    List<Event> events = events("kept", 10);
    try (EventStore store =
            new EventStore(
                dynamo, isolated.eventsTable(), EventStore.Deduplication.CONDITIONAL_PUT, 4, null);
        EventSender sender =
            EventSender.create(nowhere, Duration.ofSeconds(1), Duration.ofSeconds(10))) {
      outbox.hold(events.stream().map(EventKey::of).toList(), accepted, Deadline.none());
      store.putNew(events, accepted);

      OutboxRelay relay = relay(outbox, store, sender);
      OutboxRelay.Run run = relay.run(Deadline.in(Duration.ofSeconds(30)));
      Outbox.Backlog left = relay.backlog();

      assertThat(run.relayed()).isZero();
      assertThat(run.drained()).isFalse();
      assertThat(left.events()).isEqualTo(10);
      assertThat(left.oldestAge(Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    } finally {
      IsolatedStack.remove(isolated);
    }
  }

  private static OutboxRelay relay(Outbox outbox, EventStore store, EventSender sender) {
    return new OutboxRelay(outbox, store, sender, RELAY_AFTER, 50, 10_000, Clock.systemUTC());
  }

  private static EventSender sender(AisleSettings settings) {
    return new EventSender(
        new KafkaProducer<>(EventSender.producerProperties(settings, Duration.ofSeconds(5))),
        settings.interactionsTopic(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Clock.systemUTC());
  }

  /**
   * Every record on the topic, waiting for {@code expected} and a moment longer (a duplicate would
   * show).
   */
  private static List<Event> consume(AisleSettings settings, int expected) throws Exception {
    List<Event> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClients.consumer(settings, "relay-it-" + settings.interactionsTopic()))) {
      consumer.subscribe(List.of(settings.interactionsTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        collect(consumer.poll(Duration.ofMillis(200)), received);
      }
      collect(consumer.poll(Duration.ofSeconds(1)), received);
    }
    return received;
  }

  private static void collect(Iterable<ConsumerRecord<String, byte[]>> records, List<Event> into)
      throws Exception {
    for (ConsumerRecord<String, byte[]> record : records) {
      Event event = Json.mapper().readValue(record.value(), Event.class);
      assertThat(record.key()).isEqualTo(event.userId());
      into.add(event);
    }
  }

  private static List<Event> events(String prefix, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new Event(
              prefix + "-" + i,
              "user-" + i % 37,
              "item-" + i % 11,
              EventType.PURCHASE,
              2.0,
              Instant.parse("2024-05-31T10:15:30.123Z").plusSeconds(i),
              null,
              Map.of("country", "DE")));
    }
    return events;
  }
}
