package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.faults.DynamoFaults;
import dev.aisle.storage.faults.DynamoFaults.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB throttling, injected inside the AWS SDK of the application under test (the SDK's global
 * interceptor {@link DynamoFaults}, registered for this module's tests): batch writes and reads
 * left unprocessed, and calls refused with ProvisionedThroughputExceededException. Every write
 * route answers 503 {@code unavailable} with Retry-After in bounded time (never 500, never a hang);
 * when the throttling ends, the same requests succeed and store everything once.
 */
@QuarkusTest
@TestProfile(ThrottledTableIT.BatchedWrites.class)
class ThrottledTableIT {

  @InjectStack AisleSettings settings;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void heal() {
    DynamoFaults.inject(Fault.NONE);
  }

  @Test
  void eventsLeftUnprocessedGet503AndTheResendStoresThem() {
    List<String> ids = new ArrayList<>();
    String body = Bodies.events(run + "-unprocessed", 40, ids);
    DynamoFaults.inject(Fault.UNPROCESSED);

    Exchange.Answer refused =
        bounded(() -> Exchange.http(Exchange.Request.postJson("/events", body)));

    assertUnavailable(refused);
    DynamoFaults.inject(Fault.NONE);
    Exchange.Answer resent = Exchange.http(Exchange.Request.postJson("/events", body));
    assertThat(resent.status()).as(resent.body()).isEqualTo(200);
    assertThat(storedIds()).containsAll(ids);
  }

  @Test
  void catalogAndUserUpsertsLeftUnprocessedGet503() {
    String items = "{\"items\":[{\"itemId\":\"%s-tent\",\"title\":\"Tent\"}]}".formatted(run);
    String users =
        "{\"users\":[{\"userId\":\"%s-u\",\"attributes\":{\"country\":\"DE\"}}]}".formatted(run);
    DynamoFaults.inject(Fault.UNPROCESSED);

    assertUnavailable(bounded(() -> Exchange.http(Exchange.Request.postJson("/items", items))));
    assertUnavailable(bounded(() -> Exchange.lambda(Exchange.Request.postJson("/users", users))));

    DynamoFaults.inject(Fault.NONE);
    assertThat(Exchange.http(Exchange.Request.postJson("/items", items)).status()).isEqualTo(200);
    assertThat(Exchange.http(Exchange.Request.postJson("/users", users)).status()).isEqualTo(200);
  }

  @Test
  void callsRefusedAsThrottledGet503AfterTheSdksRetries() {
    List<String> ids = new ArrayList<>();
    String body = Bodies.events(run + "-throttled", 5, ids);
    DynamoFaults.inject(Fault.THROTTLED);

    assertUnavailable(bounded(() -> Exchange.http(Exchange.Request.postJson("/events", body))));
    assertUnavailable(
        bounded(
            () ->
                Exchange.http(
                    Exchange.Request.postJson(
                        "/users", "{\"users\":[{\"userId\":\"%s-t\"}]}".formatted(run)))));

    DynamoFaults.inject(Fault.NONE);
    assertThat(Exchange.http(Exchange.Request.postJson("/events", body)).status()).isEqualTo(200);
    assertThat(storedIds()).containsAll(ids);
  }

  private static Exchange.Answer bounded(
      org.junit.jupiter.api.function.ThrowingSupplier<Exchange.Answer> call) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(20), call, "the request must be answered, not hang");
  }

  private static void assertUnavailable(Exchange.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(503);
    assertThat(answer.retryAfter()).isEqualTo("1");
    assertThat(answer.json().get("error").asText()).isEqualTo("unavailable");
    assertThat(answer.body()).doesNotContain("Exception", "dev.aisle");
  }

  private List<String> storedIds() {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      return store.scan().map(Event::eventId).filter(id -> id.startsWith(run)).toList();
    }
  }

  /** Batch reads and writes (read-before-write), the budget of production, on isolated tables. */
  public static class BatchedWrites implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "aisle.ingest.deduplication", "read-before-write", "aisle.ingest.write-budget", "5s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalStackResource.class));
    }
  }
}
