package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The api process is killed (SIGKILL) between the DynamoDB write and the Kafka send: its broker
 * address accepts connections and never answers, so the request sits in the send after its events
 * are stored, and the process is killed there. Restarted (with Kafka back), the api's outbox relay
 * finds the dead request's entry and publishes its events; a consumer reading the topic from the
 * beginning, as the stream does, sees every eventId exactly once, also after the client resends the
 * request it never got an answer to.
 *
 * <p>Runs against the local build (plain HTTP server, {@code -Dlocal verify}), as real processes.
 */
class CrashRecoveryIT {

  private static AisleSettings settings;
  private static SilentServer silentBroker;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void provision() {
    settings = LocalStackResource.isolate(LocalStack.ensureUp());
    LocalProvisioner.ensure(settings);
    silentBroker = new SilentServer();
  }

  @AfterAll
  static void remove() {
    silentBroker.close();
    LocalStackResource.remove(settings);
  }

  @Test
  void eventsOfARequestKilledBetweenTheTableAndKafkaReachTheTopicExactlyOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    String body = Bodies.events("crash-" + UUID.randomUUID().toString().substring(0, 8), 25, ids);

    try (LocalApi doomed =
        LocalApi.start(
                LocalApi.defaultJar(),
                LocalApi.JVM,
                settings.withKafkaBootstrap(silentBroker.address()),
                Map.of("AISLE_INGEST_PUBLISH_TIMEOUT", "120s"))
            .awaitHealthy(Duration.ofSeconds(120))) {
      CompletableFuture<HttpResponse<String>> request =
          http.sendAsync(post(doomed, body), HttpResponse.BodyHandlers.ofString());
      awaitStored(ids);
      assertThat(request).as("still waiting for Kafka when killed").isNotDone();

      doomed.kill();

      assertThat(request).failsWithin(Duration.ofSeconds(10));
    }
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      assertThat(
              new Outbox(dynamo, settings.outboxTable())
                  .backlog(Instant.now().plusSeconds(1))
                  .events())
          .as("the dead request's outbox entry")
          .isEqualTo(ids.size());
    }

    try (LocalApi restarted =
        LocalApi.start(
                LocalApi.defaultJar(),
                LocalApi.JVM,
                settings,
                Map.of(
                    "AISLE_INGEST_RELAY_INTERVAL",
                    "1s",
                    "AISLE_INGEST_RELAY_SWEEP",
                    "2s",
                    "AISLE_INGEST_RELAY_AFTER",
                    "2s"))
            .awaitHealthy(Duration.ofSeconds(120))) {
      List<String> relayed =
          TopicReader.read(settings, ids, Duration.ofSeconds(60)).stream()
              .map(Event::eventId)
              .toList();
      assertThat(Bodies.notExactlyOnce(ids, relayed)).as("published by the relay").isEmpty();

      // the client never got an answer: it sends the same request again
      HttpResponse<String> resent =
          http.send(post(restarted, body), HttpResponse.BodyHandlers.ofString());
      assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
      assertThat(resent.body()).contains("\"accepted\":0", "\"duplicates\":25");

      List<String> seen =
          TopicReader.read(settings, ids, Duration.ofSeconds(10)).stream()
              .map(Event::eventId)
              .toList();
      assertThat(Bodies.notExactlyOnce(ids, seen)).as("after the resend").isEmpty();
      try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
        assertThat(new Outbox(dynamo, settings.outboxTable()).backlog(Instant.now()).oldest())
            .as("outbox")
            .isEmpty();
      }
    }
  }

  private static HttpRequest post(LocalApi api, String body) {
    return HttpRequest.newBuilder(api.uri("/events"))
        .timeout(Duration.ofMinutes(3))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static void awaitStored(List<String> ids) throws InterruptedException {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (store.scan().count() < ids.size()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the events were not stored within 60 s");
        }
        Thread.sleep(100);
      }
    }
  }
}
