package dev.aisle.stream;

import static dev.aisle.stream.TestEvents.batch;
import static dev.aisle.stream.TestEvents.event;
import static dev.aisle.stream.TestEvents.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.s3.ModelStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * On the local stack: a stream with no model (the models bucket has no {@code models/CURRENT})
 * receives events for a shopper whose stored vector was solved against a model. The vector and its
 * model version stay as they were; the events join the window, so the first event after a model
 * loads folds them in.
 */
class NoModelIT {

  private IsolatedStack stack;
  private DynamoDbClient dynamo;
  private S3Client s3;
  private InteractionBatchHandler handler;
  private UserStateStore states;

  @BeforeEach
  void start() {
    stack = new IsolatedStack("stream-nomodel");
    dynamo = AwsClients.dynamoDb(stack.settings());
    s3 = AwsClients.s3(stack.settings());
    states = new UserStateStore(dynamo, stack.settings().userStateTable());
    RealtimeModel nothingPublished =
        new RealtimeModel(
            new ModelStore(s3, stack.settings().modelsBucket()), Duration.ofSeconds(1));
    handler =
        new InteractionBatchHandler(
            states,
            nothingPublished,
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
  void eventsWithoutAModelKeepTheStoredVectorAndJoinTheWindow() {
    float[] good = {0.5f, -0.25f, 1.0f, 0.125f};
    UserState stored =
        new UserState(
            "grace",
            "20260101T000000Z-good",
            Instant.now().minusSeconds(60),
            good,
            List.of(
                new UserState.RecentEvent(
                    "old-1", "shoes-1", EventType.CLICK, null, Instant.now().minusSeconds(120))),
            List.of());
    states.put(stored);
    String topic = stack.settings().interactionsTopic();

    BatchResponse response =
        handler.handle(
            batch(
                record(topic, 0, 7, event("nm-1", "grace", "shoes-2", EventType.VIEW)),
                record(topic, 0, 8, event("nm-2", "grace", "books-3", EventType.PURCHASE, 1.0))));

    assertThat(response.batchItemFailures()).isEmpty();
    UserState after = states.get("grace").orElseThrow();
    assertThat(after.vector()).as("the stored vector is not overwritten").containsExactly(good);
    assertThat(after.modelVersion()).isEqualTo("20260101T000000Z-good");
    assertThat(after.recent())
        .extracting(UserState.RecentEvent::eventId)
        .contains("nm-1", "nm-2", "old-1");
    assertThat(after.purchased()).containsExactly("books-3");
    assertThat(after.updatedAt()).isAfter(stored.updatedAt());
  }
}
