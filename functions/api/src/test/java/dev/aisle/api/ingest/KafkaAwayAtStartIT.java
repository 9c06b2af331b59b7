package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The api starts with topic provisioning on ({@code aisle.provision-topics}, as in AWS) while the
 * broker's address accepts connections and never answers: the application starts, reads answer at
 * once, and events are accepted (stored, left to the outbox relay) within the publish timeout.
 * Provisioning waits in the background; no request depends on Kafka being there.
 */
@QuarkusTest
@TestProfile(KafkaAwayAtStartIT.SilentBroker.class)
class KafkaAwayAtStartIT {

  @InjectStack AisleSettings settings;

  @Test
  void readsAnswerAndEventsAreAcceptedWhileTheBrokerDoesNotAnswer() {
    // bounds far below the 60 s a request waited for the broker before (on a busy shared machine)
    Exchange.Answer health =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> Exchange.http(new Exchange.Request("GET", "/health", Map.of(), null)));
    Exchange.Answer recommendations =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                Exchange.http(
                    new Exchange.Request(
                        "GET", "/recommendations?userId=u-away&k=3", Map.of(), null)));
    List<String> ids = new ArrayList<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Exchange.Answer events =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> Exchange.http(Exchange.Request.postJson("/events", Bodies.events(run, 5, ids))));

    assertThat(health.status()).isEqualTo(200);
    assertThat(recommendations.status()).as(recommendations.body()).isLessThan(500);
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(events.json().get("deferred").asInt()).isEqualTo(5);
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      assertThat(store.scan().map(Event::eventId).toList())
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(
              new Outbox(dynamo, settings.outboxTable())
                  .backlog(Instant.now().plusSeconds(1))
                  .events())
          .as("waiting for the relay")
          .isEqualTo(5);
    }
  }

  /** Isolated tables; Kafka at an address that accepts connections and never answers. */
  public static class SilentBroker implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SilentBrokerResource.class));
    }
  }

  public static class SilentBrokerResource implements QuarkusTestResourceLifecycleManager {

    private SilentServer silent;
    private AisleSettings stack;
    private AisleSettings settings;

    @Override
    public Map<String, String> start() {
      silent = new SilentServer();
      stack = LocalStackResource.isolate(LocalStack.ensureUp());
      LocalProvisioner.ensure(stack);
      settings = stack.withKafkaBootstrap(silent.address());
      Map<String, String> properties = new HashMap<>(LocalStackResource.properties(settings));
      properties.put("aisle.provision-topics", "true");
      properties.put("aisle.ingest.publish-timeout", "2s");
      return properties;
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(
          settings,
          new TestInjector.AnnotatedAndMatchesType(InjectStack.class, AisleSettings.class));
    }

    @Override
    public void stop() {
      if (silent != null) {
        silent.close();
      }
      if (stack != null) {
        LocalStackResource.remove(stack);
      }
    }
  }
}
