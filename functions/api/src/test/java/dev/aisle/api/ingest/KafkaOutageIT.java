package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Kafka goes away while events arrive: they are accepted (200, counted as deferred), durable in the
 * events table and named by outbox entries; when the broker comes back, the relay publishes every
 * one of them and empties the outbox. The broker is the test's own, stopped and restarted on the
 * same data; the shared broker of the local stack is never touched.
 */
@QuarkusTest
@TestProfile(KafkaOutageIT.OwnBroker.class)
class KafkaOutageIT {

  @InjectStack AisleSettings settings;

  ThrowawayKafka broker;

  @Test
  void eventsAcceptedWhileKafkaIsDownReachTheTopicWhenItComesBack() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    assertThat(post(run + "-before", 10, ids))
        .isEqualTo(Map.of("accepted", 10, "duplicates", 0, "deferred", 0));

    broker.stop();
    for (int batch = 0; batch < 3; batch++) {
      long start = System.nanoTime();
      Map<String, Integer> answer = post(run + "-down" + batch, 20, ids);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answer).isEqualTo(Map.of("accepted", 20, "duplicates", 0, "deferred", 20));
      assertThat(took).as("a request while Kafka is down").isLessThan(Duration.ofSeconds(10));
    }
    List<String> resent = new ArrayList<>();
    assertThat(post(run + "-down0", 20, resent))
        .as("resent while down")
        .isEqualTo(Map.of("accepted", 0, "duplicates", 20, "deferred", 0));
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      Outbox outbox = new Outbox(dynamo, settings.outboxTable());
      assertThat(store.scan().map(Event::eventId).toList())
          .as("stored while down")
          .containsExactlyInAnyOrderElementsOf(ids);
      // the three requests of the outage (and the resend, whose entry named only duplicates, is
      // gone)
      assertThat(outbox.backlog(Instant.now().plusSeconds(1)))
          .as("in the outbox while down")
          .satisfies(b -> assertThat(b.entries()).isEqualTo(3))
          .satisfies(b -> assertThat(b.events()).isEqualTo(60));

      broker.start();

      List<Event> published = TopicReader.read(settings, ids, Duration.ofSeconds(90));
      assertThat(published).extracting(Event::eventId).containsAll(ids);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (outbox.backlog(Instant.now()).oldest().isPresent() && System.nanoTime() < deadline) {
        sleep();
      }
      assertThat(outbox.backlog(Instant.now()).oldest()).as("outbox after the relay").isEmpty();
      assertThat(store.scan().count())
          .as("nothing lost, nothing doubled in the table")
          .isEqualTo(ids.size());
    }
  }

  private static Map<String, Integer> post(String prefix, int count, List<String> ids) {
    Exchange.Answer answer =
        Exchange.http(Exchange.Request.postJson("/events", Bodies.events(prefix, count, ids)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    Map<String, Integer> fields = new java.util.HashMap<>();
    answer.json().fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asInt()));
    return fields;
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The application on isolated tables of the local stack and on a broker of the test's own. */
  public static class OwnBroker implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(OwnBrokerResource.class));
    }
  }

  /**
   * Starts the test's broker, provisions tables (shared DynamoDB server) and topics (own broker).
   */
  public static class OwnBrokerResource implements QuarkusTestResourceLifecycleManager {

    private ThrowawayKafka broker;
    private AisleSettings settings;

    @Override
    public Map<String, String> start() {
      AisleSettings stack = LocalStackResource.isolate(LocalStack.ensureUp());
      broker = ThrowawayKafka.format();
      broker.start();
      settings = stack.withKafkaBootstrap(broker.bootstrap());
      LocalProvisioner.ensure(settings);
      Map<String, String> properties =
          new java.util.HashMap<>(LocalStackResource.properties(settings));
      properties.put("aisle.ingest.publish-timeout", "2s");
      properties.put("aisle.ingest.kafka-cool-down", "3s");
      return properties;
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(
          settings,
          new TestInjector.AnnotatedAndMatchesType(InjectStack.class, AisleSettings.class));
      injector.injectIntoFields(broker, new TestInjector.MatchesType(ThrowawayKafka.class));
    }

    @Override
    public void stop() {
      if (settings != null) {
        LocalStackResource.remove(settings);
      }
      if (broker != null) {
        broker.close();
      }
    }
  }
}
