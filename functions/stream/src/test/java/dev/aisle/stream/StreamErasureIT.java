package dev.aisle.stream;

import static dev.aisle.stream.TestEvents.batch;
import static dev.aisle.stream.TestEvents.event;
import static dev.aisle.stream.TestEvents.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.UserProfile;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.snapshot.PlantedSnapshot;
import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.kafka.ErasureCommand;
import dev.aisle.storage.local.StoredTraces;
import dev.aisle.storage.s3.S3SnapshotStorage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Erasure through the stream function's Lambda path: the command, ordered after the shopper's
 * events, erases every store and completes the record; a late event is dropped and its row deleted;
 * afterwards the id is in no table or bucket, and its hash only in the erasures table.
 */
@QuarkusTest
@QuarkusTestResource(StreamTestResource.class)
class StreamErasureIT {

  private static final String SHOPPER = "erase.stream@example.com";

  @Inject AisleSettings settings;

  @Inject DynamoDbClient dynamo;

  @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
  int lambdaPort;

  @Test
  void aCommandErasesTheShopperAndLateEventsAreDropped() {
    String topic = settings.interactionsTopic();
    ShopperHash hash = new ShopperHash(StreamTestResource.ERASURE_SALT);
    ErasureStore records =
        new ErasureStore(
            dynamo, settings.erasuresTable(), Duration.ofDays(30), Duration.ofDays(365));
    Event first = event("er-1", SHOPPER, "shoes-1", EventType.CLICK);
    Event second = event("er-2", SHOPPER, "shoes-2", EventType.PURCHASE, 1.0);
    Event beforeCommand = event("er-3", SHOPPER, "shoes-3", EventType.VIEW);
    Event afterCommand = event("er-4", SHOPPER, "books-1", EventType.VIEW);
    Event late = event("er-5", SHOPPER, "books-2", EventType.CLICK);
    store(first, second, beforeCommand, afterCommand);
    new UserStore(dynamo, settings.usersTable())
        .putAll(List.of(new UserProfile(SHOPPER, Map.of("country", "DE"))));
    assertThat(
            invoke(batch(record(topic, 0, 1, first), record(topic, 0, 2, second)))
                .batchItemFailures())
        .isEmpty();
    UserStateStore states = new UserStateStore(dynamo, settings.userStateTable());
    assertThat(states.get(SHOPPER)).isPresent();

    ErasureStore.Erasure requested = records.request(hash.of(SHOPPER), Instant.now());
    BatchResponse response =
        invoke(
            batch(
                record(topic, 0, 3, beforeCommand),
                command(topic, 0, 4, new ErasureCommand(requested.erasureId(), SHOPPER)),
                record(topic, 0, 5, afterCommand)));

    assertThat(response.batchItemFailures()).isEmpty();
    ErasureStore.Erasure done = records.get(requested.erasureId()).orElseThrow();
    assertThat(done.status()).isEqualTo(ErasureStore.COMPLETE);
    assertThat(done.removed())
        .containsEntry("events", 4L)
        .containsEntry("userState", 1L)
        .containsEntry("user", 1L)
        .containsEntry("outbox", 0L)
        .containsEntry("pairs", 0L);
    assertThat(states.get(SHOPPER)).isEmpty();

    // a late event: stored by the api, then on the topic after the erasure
    store(late);
    assertThat(invoke(batch(record(topic, 0, 6, late))).batchItemFailures()).isEmpty();
    assertThat(states.get(SHOPPER)).as("not folded").isEmpty();

    // a redelivered command changes nothing
    assertThat(
            invoke(batch(command(topic, 0, 4, new ErasureCommand(requested.erasureId(), SHOPPER))))
                .batchItemFailures())
        .isEmpty();
    assertThat(records.get(requested.erasureId()).orElseThrow().removed())
        .containsEntry("events", 4L);

    try (S3Client s3 = AwsClients.s3(settings)) {
      assertThat(StoredTraces.find(dynamo, s3, settings, SHOPPER)).isEmpty();
      assertThat(StoredTraces.find(dynamo, s3, settings, hash.of(SHOPPER)))
          .containsOnly("table " + settings.erasuresTable());
    }
  }

  @Test
  void theShoppersPairsLeaveEveryStoredSnapshotVersionAtOnce() throws Exception {
    String shopper = "erase.pairs@example.com";
    String topic = settings.interactionsTopic();
    ShopperHash hash = new ShopperHash(StreamTestResource.ERASURE_SALT);
    ErasureStore records =
        new ErasureStore(
            dynamo, settings.erasuresTable(), Duration.ofDays(30), Duration.ofDays(365));
    try (S3Client s3 = AwsClients.s3(settings)) {
      SnapshotStore snapshot =
          new SnapshotStore(new S3SnapshotStorage(s3, settings.modelsBucket(), "snapshots/"));
      Map<String, Integer> everyone =
          new java.util.TreeMap<>(Map.of(shopper, 3, "other-1", 2, "other-2", 1));
      PlantedSnapshot.commit(snapshot, everyone);
      PlantedSnapshot.commit(snapshot, everyone);
      assertThat(StoredTraces.find(dynamo, s3, settings, shopper)).isNotEmpty();

      ErasureStore.Erasure requested = records.request(hash.of(shopper), Instant.now());
      assertThat(
              invoke(
                      batch(
                          command(topic, 1, 1, new ErasureCommand(requested.erasureId(), shopper))))
                  .batchItemFailures())
          .isEmpty();

      assertThat(records.get(requested.erasureId()).orElseThrow().removed())
          .containsEntry("pairs", 3L);
      SnapshotManifest current = snapshot.current().orElseThrow().manifest();
      assertThat(PlantedSnapshot.shoppers(snapshot, current))
          .containsOnlyKeys("other-1", "other-2");
      // the version erased from and the one before it held the shopper too: pruned or overwritten
      assertThat(StoredTraces.find(dynamo, s3, settings, shopper)).isEmpty();

      // the next training run starts from the erased version and commits on top of it
      everyone.remove(shopper);
      Snapshot next = PlantedSnapshot.commit(snapshot, everyone);
      snapshot.prune(next.manifest());
      assertThat(PlantedSnapshot.shoppers(snapshot, next.manifest()))
          .containsOnlyKeys("other-1", "other-2");
      assertThat(StoredTraces.find(dynamo, s3, settings, shopper)).isEmpty();
      assertThat(StoredTraces.find(dynamo, s3, settings, hash.of(shopper)))
          .containsOnly("table " + settings.erasuresTable());
    }
  }

  private void store(Event... events) {
    try (EventStore store =
        new EventStore(
            dynamo, settings.eventsTable(), EventStore.Deduplication.CONDITIONAL_PUT, 2, null)) {
      store.putNew(List.of(events), Instant.now());
    }
  }

  private static KafkaRecord command(
      String topic, int partition, long offset, ErasureCommand command) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new KafkaRecord(
        topic,
        partition,
        offset,
        System.currentTimeMillis(),
        "CREATE_TIME",
        b64.encodeToString(command.userId().getBytes(StandardCharsets.UTF_8)),
        b64.encodeToString(command.toJson()),
        List.of(
            Map.of(
                ErasureCommand.HEADER,
                KafkaRecord.headerValue(ErasureCommand.ERASURE.getBytes(StandardCharsets.UTF_8)))));
  }

  private BatchResponse invoke(KafkaEvent event) {
    try {
      String answer =
          given()
              .port(lambdaPort)
              .contentType("application/json")
              .body(Json.mapper().writeValueAsString(event))
              .when()
              .post("/_lambda_")
              .then()
              .statusCode(200)
              .extract()
              .asString();
      return Json.mapper().readValue(answer, BatchResponse.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
