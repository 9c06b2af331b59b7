package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.faults.FaultyProxy;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A slow DynamoDB (every answer held 20 s by a TCP proxy in front of the local server, the api's
 * configured endpoint): {@code POST /events} answers 503 with Retry-After within its write budget
 * (5 s, the default) instead of waiting for socket timeouts times retries; {@code GET /health} is
 * not held up. The proxy heals, the client resends: nothing is lost, nothing is published twice
 * (the first request's writes did land; its outbox entry brings them to the topic).
 */
@QuarkusTest
@TestProfile(SlowTableIT.BehindProxy.class)
class SlowTableIT {

  private static final Duration BUDGET = Duration.ofSeconds(5);

  @InjectStack AisleSettings settings;

  FaultyProxy proxy;

  @Test
  void aSlowTableGets503WithRetryAfterWithinTheBudgetAndTheResendLosesNothing() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = new ArrayList<>();
    String body = Bodies.events(run + "-slow", 10, ids);
    // the first request of a JVM pays for REST Assured's start; not part of what is measured
    assertThat(Exchange.http(new Exchange.Request("GET", "/health", Map.of(), null)).status())
        .isEqualTo(200);
    proxy.delay(Duration.ofSeconds(20));

    long start = System.nanoTime();
    Exchange.Answer slow =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () -> Exchange.http(Exchange.Request.postJson("/events", body)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Exchange.Answer health =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> Exchange.http(new Exchange.Request("GET", "/health", Map.of(), null)));

    assertThat(slow.status()).as(slow.body()).isEqualTo(503);
    assertThat(slow.retryAfter()).isEqualTo("1");
    assertThat(slow.json().get("error").asText()).isEqualTo("unavailable");
    // the budget, plus slack for a busy shared test machine; without timeouts it took minutes
    assertThat(took).as("answered within the write budget").isLessThan(BUDGET.plusSeconds(5));
    assertThat(health.status()).isEqualTo(200);

    proxy.heal();
    Exchange.Answer resent = Exchange.http(Exchange.Request.postJson("/events", body));

    assertThat(resent.status()).as(resent.body()).isEqualTo(200);
    assertThat(resent.json().get("accepted").asInt() + resent.json().get("duplicates").asInt())
        .isEqualTo(10);
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      assertThat(store.scan().map(Event::eventId).filter(id -> id.startsWith(run)).toList())
          .containsExactlyInAnyOrderElementsOf(ids);
    }
    List<String> published =
        TopicReader.read(settings, ids, Duration.ofSeconds(60)).stream()
            .map(Event::eventId)
            .toList();
    assertThat(Bodies.notExactlyOnce(ids, published))
        .as("events not on the topic exactly once")
        .isEmpty();
  }

  /** The application on isolated tables, reaching DynamoDB through a proxy the test controls. */
  public static class BehindProxy implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ProxyResource.class));
    }
  }

  public static class ProxyResource implements QuarkusTestResourceLifecycleManager {

    private AisleSettings settings;
    private FaultyProxy proxy;

    @Override
    public Map<String, String> start() {
      settings = LocalStackResource.isolate(LocalStack.ensureUp());
      LocalProvisioner.ensure(settings);
      proxy = FaultyProxy.inFrontOf(settings.dynamodbEndpoint().orElseThrow());
      Map<String, String> properties =
          new HashMap<>(
              LocalStackResource.properties(settings.withDynamodbEndpoint(proxy.endpoint())));
      properties.put("aisle.ingest.write-budget", BUDGET.toSeconds() + "s");
      return properties;
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(
          settings,
          new TestInjector.AnnotatedAndMatchesType(InjectStack.class, AisleSettings.class));
      injector.injectIntoFields(proxy, new TestInjector.MatchesType(FaultyProxy.class));
    }

    @Override
    public void stop() {
      if (proxy != null) {
        proxy.close();
      }
      if (settings != null) {
        LocalStackResource.remove(settings);
      }
    }
  }
}
