package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** User-state round trips and the optimistic lock, against the local DynamoDB-compatible server. */
class UserStateStoreIT {

  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00.123Z");

  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static UserStateStore store;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    dynamo = AwsClients.dynamoDb(resources.settings());
    store = new UserStateStore(dynamo, resources.settings().userStateTable());
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void aStateComesBackAsItWasWritten() {
    UserState state = state("ada", T0, "v7", new float[] {0.5f, -1.25f, 3e-7f});

    store.put(state);
    UserState read = store.get("ada").orElseThrow();

    assertThat(read.modelVersion()).isEqualTo("v7");
    assertThat(read.updatedAt()).isEqualTo(T0);
    assertThat(read.vector()).containsExactly(0.5f, -1.25f, 3e-7f);
    assertThat(read.recent()).isEqualTo(state.recent());
    assertThat(read.purchased()).containsExactly("shoes-2", "books-1");
    assertThat(store.get("nobody")).isEmpty();
  }

  @Test
  void onlyTheWriterThatSawTheStoredStateWins() {
    UserState first = state("grace", T0, null, new float[0]);
    assertThat(store.putIfUnchanged(first, null)).isTrue();
    // a second "new shopper" write loses: someone created the state meanwhile
    assertThat(store.putIfUnchanged(state("grace", T0.plusSeconds(1), null, new float[0]), null))
        .isFalse();

    UserState stored = store.get("grace").orElseThrow();
    UserState a = state("grace", T0.plusSeconds(2), "a", new float[] {1f});
    UserState b = state("grace", T0.plusSeconds(3), "b", new float[] {2f});
    assertThat(store.putIfUnchanged(a, stored)).isTrue();
    assertThat(store.putIfUnchanged(b, stored)).isFalse();

    assertThat(store.get("grace").orElseThrow().modelVersion()).isEqualTo("a");
    assertThat(store.putIfUnchanged(b, store.get("grace").orElseThrow())).isTrue();
    assertThat(store.get("grace").orElseThrow().modelVersion()).isEqualTo("b");
  }

  private static UserState state(String userId, Instant at, String model, float[] vector) {
    return new UserState(
        userId,
        model,
        at,
        vector,
        List.of(
            new UserState.RecentEvent("e2", "shoes-2", EventType.PURCHASE, 2.0, at),
            new UserState.RecentEvent("e1", "books-1", EventType.RATING, 4.5, at.minusSeconds(60))),
        List.of("shoes-2", "books-1"));
  }
}
