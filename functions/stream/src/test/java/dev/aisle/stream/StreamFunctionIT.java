package dev.aisle.stream;

import static dev.aisle.stream.TestEvents.batch;
import static dev.aisle.stream.TestEvents.event;
import static dev.aisle.stream.TestEvents.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.als.FoldIn;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.kafka.KafkaClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stream function through the Lambda path (the Quarkus mock event server posts the MSK event to
 * Funqy's Lambda handler) against isolated tables, topics and a planted model on the local stack.
 */
@QuarkusTest
@QuarkusTestResource(StreamTestResource.class)
class StreamFunctionIT {

  private static final Model MODEL = PlantedModel.build(StreamTestResource.MODEL_VERSION);
  private static final FoldIn FOLD_IN = FoldIn.of(MODEL);

  @Inject AisleSettings settings;

  @Inject DynamoDbClient dynamo;

  @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
  int lambdaPort;

  private UserStateStore states;
  private String topic;

  @BeforeEach
  void setUp() {
    states = new UserStateStore(dynamo, settings.userStateTable());
    topic = settings.interactionsTopic();
  }

  @Test
  void anEventReachesUserState() {
    Event click = event("click-1", "ada", "shoes-1", EventType.CLICK);
    Event purchase = event("buy-1", "ada", "shoes-2", EventType.PURCHASE, 2.0);
    Instant before = Instant.now().minusMillis(1);

    BatchResponse response =
        invoke(batch(record(topic, 0, 10, click), record(topic, 0, 11, purchase)));

    assertThat(response.batchItemFailures()).isEmpty();
    UserState state = states.get("ada").orElseThrow();
    assertThat(state.modelVersion()).isEqualTo(StreamTestResource.MODEL_VERSION);
    assertThat(state.updatedAt()).isBetween(before, Instant.now());
    assertThat(state.recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("buy-1", "click-1");
    assertThat(state.recent().get(0).value()).isEqualTo(2.0);
    assertThat(state.purchased()).containsExactly("shoes-2");
    assertThat(state.vector())
        .containsExactly(FOLD_IN.fold(state.recent(), Instant.now()).vector(), within(1e-6f));
    // the planted taste: a shoe shopper's vector scores every shoe above every book
    assertThat(minScore(state.vector(), "shoes-"))
        .isGreaterThan(maxScore(state.vector(), "books-"));
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicWhileTheRestOfItsBatchIsApplied() {
    Event before = event("ok-1", "grace", "books-3", EventType.VIEW);
    Event after = event("ok-2", "linus", "books-4", EventType.ADD_TO_CART);
    Event badRating = event("bad-rating", "grace", "books-5", EventType.RATING, 9.0);

    BatchResponse response =
        invoke(
            batch(
                record(topic, 1, 100, before),
                TestEvents.raw(topic, 1, 101, "grace", TestEvents.base64("{not json")),
                record(topic, 1, 102, badRating),
                record(topic, 2, 7, after)));

    assertThat(response.batchItemFailures()).isEmpty();
    assertThat(states.get("grace").orElseThrow().recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("ok-1");
    assertThat(states.get("linus").orElseThrow().recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("ok-2");

    List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(2);
    assertThat(dead).extracting(ConsumerRecord::key).containsExactly("grace", "grace");
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(header(dead.get(0), DeadLetters.REASON)).isEqualTo("not_an_event");
    assertThat(header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("101");
    assertThat(header(dead.get(1), DeadLetters.REASON)).isEqualTo("invalid");
    assertThat(header(dead.get(1), DeadLetters.DETAIL)).contains("rating");
    assertThat(header(dead.get(1), DeadLetters.SOURCE_PARTITION)).isEqualTo("1");
    assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8))
        .isEqualTo(TestEvents.json(badRating));
  }

  @Test
  void theSameEventIdTwiceFoldsOnce() {
    Event view = event("view-1", "barbara", "books-1", EventType.VIEW);
    Event click = event("click-2", "barbara", "books-2", EventType.CLICK);

    invoke(batch(record(topic, 3, 1, view), record(topic, 3, 2, view)));
    UserState once = states.get("barbara").orElseThrow();
    invoke(batch(record(topic, 3, 1, view), record(topic, 3, 2, view), record(topic, 3, 3, click)));
    UserState after = states.get("barbara").orElseThrow();

    assertThat(once.recent()).extracting(UserState.RecentEvent::eventId).containsExactly("view-1");
    assertThat(once.vector())
        .containsExactly(
            FOLD_IN.fold(List.of(recent(view)), Instant.now()).vector(), within(1e-6f));
    assertThat(after.recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("click-2", "view-1");
    assertThat(after.vector())
        .containsExactly(
            FOLD_IN.fold(List.of(recent(click), recent(view)), Instant.now()).vector(),
            within(1e-6f));
  }

  @Test
  void eventsForItemsTheModelDoesNotKnowAreKeptButNotFolded() {
    Event known = event("known", "edsger", "books-7", EventType.CLICK);
    Event fresh = event("fresh", "edsger", "just-listed", EventType.PURCHASE);

    BatchResponse response =
        invoke(batch(record(topic, 0, 50, known), record(topic, 0, 51, fresh)));

    assertThat(response.batchItemFailures()).isEmpty();
    UserState state = states.get("edsger").orElseThrow();
    assertThat(state.recent())
        .extracting(UserState.RecentEvent::itemId)
        .containsExactly("just-listed", "books-7");
    assertThat(state.purchased()).containsExactly("just-listed");
    assertThat(state.vector())
        .containsExactly(
            FOLD_IN.fold(List.of(recent(known)), Instant.now()).vector(), within(1e-6f));
  }

  private BatchResponse invoke(KafkaEvent event) {
    String body;
    try {
      body = Json.mapper().writeValueAsString(event);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String answer =
        given()
            .port(lambdaPort)
            .contentType("application/json")
            .body(body)
            .when()
            .post("/_lambda_")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    try {
      return Json.mapper().readValue(answer, BatchResponse.class);
    } catch (Exception e) {
      throw new AssertionError("not a batch response: " + answer, e);
    }
  }

  private List<ConsumerRecord<String, byte[]>> readDeadLetters(int expected) {
    Properties props = KafkaClients.consumer(settings, "dlq-reader-" + settings.deadLetterTopic());
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(settings.deadLetterTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).hasSize(expected);
    return out;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static UserState.RecentEvent recent(Event e) {
    return new UserState.RecentEvent(e.eventId(), e.itemId(), e.type(), e.value(), e.timestamp());
  }

  private static float score(float[] x, int row) {
    float s = 0f;
    for (int d = 0; d < x.length; d++) {
      s += x[d] * MODEL.itemFactors().get(row, d);
    }
    return s;
  }

  private static float minScore(float[] x, String prefix) {
    float min = Float.MAX_VALUE;
    for (int row = 0; row < MODEL.items().size(); row++) {
      if (MODEL.items().idAt(row).startsWith(prefix)) {
        min = Math.min(min, score(x, row));
      }
    }
    return min;
  }

  private static float maxScore(float[] x, String prefix) {
    float max = -Float.MAX_VALUE;
    for (int row = 0; row < MODEL.items().size(); row++) {
      if (MODEL.items().idAt(row).startsWith(prefix)) {
        max = Math.max(max, score(x, row));
      }
    }
    return max;
  }
}
