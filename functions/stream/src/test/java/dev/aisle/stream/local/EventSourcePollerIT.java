package dev.aisle.stream.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.kafka.KafkaClients;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.stream.BatchResponse;
import dev.aisle.stream.DeadLetters;
import dev.aisle.stream.InteractionBatchHandler;
import dev.aisle.stream.KafkaEvent;
import dev.aisle.stream.KafkaRecord;
import dev.aisle.stream.PlantedModel;
import dev.aisle.stream.RealtimeModel;
import dev.aisle.stream.TestEvents;
import dev.aisle.stream.UserStateUpdater;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local event-source poller on the local stack: the api's records on an isolated topic (one per
 * test), the real batch handler, its own consumer groups (never the running poller's).
 */
class EventSourcePollerIT {

  private static IsolatedStack stack;
  private static DynamoDbClient dynamo;
  private static S3Client s3;
  private static InteractionBatchHandler handler;
  private static UserStateStore states;

  @BeforeEach
  void start() {
    stack = new IsolatedStack("stream");
    dynamo = AwsClients.dynamoDb(stack.settings());
    s3 = AwsClients.s3(stack.settings());
    ModelStore models = new ModelStore(s3, stack.settings().modelsBucket());
    PlantedModel.publish(models, PlantedModel.build("20260102T000000Z-poller"));
    states = new UserStateStore(dynamo, stack.settings().userStateTable());
    handler =
        new InteractionBatchHandler(
            states,
            new RealtimeModel(models, Duration.ofSeconds(1)),
            new DeadLetters(stack.settings()),
            new UserStateUpdater(50, 500),
            4,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    handler.close();
    dynamo.close();
    s3.close();
    stack.close();
  }

  @Test
  void aRestartResumesFromTheCommittedOffsetsWithNothingLost() throws Exception {
    String group = "it-restart-" + UUID.randomUUID();
    List<String> shoppers = shoppers("restart", 8);
    List<String> firstIds = produce(shoppers, "first", 3);
    List<String> seenByFirst = Collections.synchronizedList(new ArrayList<>());
    try (EventSourcePoller first = poller(group, recording(seenByFirst, handler::handle)).start()) {
      awaitRecent(shoppers, 3);
    }
    assertThat(seenByFirst).containsExactlyInAnyOrderElementsOf(firstIds);
    assertThat(committed(group)).isEqualTo(endOffsets());

    // produced while no poller runs: the next one must start exactly here
    List<String> secondIds = produce(shoppers, "second", 3);
    List<String> seenBySecond = Collections.synchronizedList(new ArrayList<>());
    try (EventSourcePoller second =
        poller(group, recording(seenBySecond, handler::handle)).start()) {
      awaitRecent(shoppers, 6);
    }

    assertThat(seenBySecond).containsExactlyInAnyOrderElementsOf(secondIds);
    assertThat(committed(group)).isEqualTo(endOffsets());
    for (String shopper : shoppers) {
      UserState state = states.get(shopper).orElseThrow();
      assertThat(state.recent())
          .extracting(UserState.RecentEvent::eventId)
          .doesNotHaveDuplicates()
          .allMatch(id -> id.startsWith(shopper + "-"));
      assertThat(state.vector()).hasSize(PlantedModel.FACTORS);
    }
  }

  @Test
  void aFailedInvocationIsDeliveredAgainAndNothingIsLostOrFoldedTwice() throws Exception {
    String group = "it-retry-" + UUID.randomUUID();
    List<String> shoppers = shoppers("retry", 4);
    List<String> ids = produce(shoppers, "a", 2);
    AtomicInteger calls = new AtomicInteger();
    Function<KafkaEvent, BatchResponse> flaky =
        event -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("simulated crash before anything was applied");
          }
          return handler.handle(event);
        };

    try (EventSourcePoller poller = poller(group, flaky).start()) {
      awaitRecent(shoppers, 2);
    }

    assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    assertThat(committed(group)).isEqualTo(endOffsets());
    assertThat(
            shoppers.stream()
                .flatMap(s -> states.get(s).orElseThrow().recent().stream())
                .map(UserState.RecentEvent::eventId))
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void reportedRecordFailuresAreDeliveredAgainFromTheLowestFailedOffset() throws Exception {
    String group = "it-partial-" + UUID.randomUUID();
    List<String> shoppers = shoppers("partial", 1);
    List<String> ids = produce(shoppers, "p", 4);
    List<List<Long>> deliveries = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    Function<KafkaEvent, BatchResponse> failsOnce =
        event -> {
          List<KafkaRecord> records =
              event.records().values().stream().flatMap(List::stream).toList();
          deliveries.add(records.stream().map(KafkaRecord::offset).toList());
          BatchResponse applied = handler.handle(event);
          if (calls.incrementAndGet() == 1 && records.size() == 4) {
            // as if the third record had failed: the event source must redeliver it and the fourth
            return new BatchResponse(List.of(BatchResponse.ItemFailure.of(records.get(2))));
          }
          return applied;
        };

    try (EventSourcePoller poller = poller(group, failsOnce).start()) {
      awaitRecent(shoppers, 4);
      awaitCommitted(group, endOffsets());
    }

    assertThat(deliveries).hasSizeGreaterThanOrEqualTo(2);
    List<Long> first = deliveries.get(0);
    assertThat(deliveries.get(1)).containsExactly(first.get(2), first.get(3));
    assertThat(states.get(shoppers.get(0)).orElseThrow().recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  private static EventSourcePoller poller(
      String group, Function<KafkaEvent, BatchResponse> function) {
    return new EventSourcePoller(stack.settings(), group, 500, Duration.ofMillis(100), function);
  }

  private static Function<KafkaEvent, BatchResponse> recording(
      List<String> seen, Function<KafkaEvent, BatchResponse> function) {
    return event -> {
      for (List<KafkaRecord> records : event.records().values()) {
        for (KafkaRecord r : records) {
          seen.add(TestEvents.eventIdOf(r));
        }
      }
      return function.apply(event);
    };
  }

  private static List<String> shoppers(String prefix, int n) {
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + run + "-" + i);
    }
    return out;
  }

  /**
   * Publishes {@code perShopper} events for each shopper, as the api does; returns their eventIds.
   */
  private static List<String> produce(List<String> shoppers, String tag, int perShopper)
      throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(KafkaClients.producer(stack.settings()))) {
      for (int n = 0; n < perShopper; n++) {
        for (String shopper : shoppers) {
          String item = (n % 2 == 0 ? "shoes-" : "books-") + n;
          Event event =
              TestEvents.event(shopper + "-" + tag + "-" + n, shopper, item, EventType.CLICK);
          producer
              .send(
                  new ProducerRecord<>(
                      stack.settings().interactionsTopic(), shopper, TestEvents.json(event)))
              .get();
          ids.add(event.eventId());
        }
      }
    }
    return ids;
  }

  private static void awaitRecent(List<String> shoppers, int events) throws InterruptedException {
    await(
        () ->
            shoppers.stream()
                .allMatch(s -> states.get(s).map(st -> st.recent().size() >= events).orElse(false)),
        "every shopper to have " + events + " recent events");
  }

  private static void awaitCommitted(String group, Map<TopicPartition, Long> expected)
      throws InterruptedException {
    await(() -> committed(group).equals(expected), "offsets " + expected + " committed");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** Committed offsets of the group, for partitions that have records. */
  private static Map<TopicPartition, Long> committed(String group) {
    try (Admin admin = Admin.create(KafkaClients.common(stack.settings()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> out = new java.util.HashMap<>();
      offsets.forEach(
          (tp, o) -> {
            if (o != null && o.offset() > 0) {
              out.put(tp, o.offset());
            }
          });
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** End offsets of the interactions topic's non-empty partitions. */
  private static Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = Admin.create(KafkaClients.common(stack.settings()))) {
      String topic = stack.settings().interactionsTopic();
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out = new java.util.HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get()
          .forEach(
              (tp, info) -> {
                if (info.offset() > 0) {
                  out.put(tp, info.offset());
                }
              });
      return out;
    }
  }
}
