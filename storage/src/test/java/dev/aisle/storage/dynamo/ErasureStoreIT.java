package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.AwsClients;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.local.StoredTraces;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Erasure records and tombstones on the local DynamoDB-compatible server. */
class ErasureStoreIT {

  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
  private static final Duration TOMBSTONE_TTL = Duration.ofDays(30);
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static ErasureStore store;
  private static final ShopperHash HASH = new ShopperHash("erasure-store-it-salt");

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    dynamo = AwsClients.dynamoDb(resources.settings());
    store =
        new ErasureStore(
            dynamo, resources.settings().erasuresTable(), TOMBSTONE_TTL, Duration.ofDays(365));
  }

  @AfterAll
  static void stop() {
    dynamo.close();
    resources.close();
  }

  @Test
  void aRepeatedRequestWhilePendingAnswersTheSameErasureAndAfterCompletionANewOne() {
    String hash = HASH.of("repeat@example.com");
    ErasureStore.Erasure first = store.request(hash, NOW);
    ErasureStore.Erasure again = store.request(hash, NOW.plusSeconds(5));

    assertThat(first.status()).isEqualTo(ErasureStore.PENDING);
    assertThat(again.erasureId()).isEqualTo(first.erasureId());
    assertThat(again.requestedAt()).isEqualTo(NOW);
    assertThat(store.tombstoneStatus(hash, NOW)).contains(ErasureStore.PENDING);

    Map<String, Long> removed = new LinkedHashMap<>(Map.of("events", 3L, "user", 1L));
    assertThat(store.complete(first.erasureId(), hash, removed, NOW.plusSeconds(10))).isTrue();
    assertThat(store.complete(first.erasureId(), hash, Map.of("events", 0L), NOW.plusSeconds(20)))
        .as("a redelivered command changes nothing")
        .isFalse();

    ErasureStore.Erasure done = store.get(first.erasureId()).orElseThrow();
    assertThat(done.status()).isEqualTo(ErasureStore.COMPLETE);
    assertThat(done.completedAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(done.removed()).containsExactly(Map.entry("events", 3L), Map.entry("user", 1L));

    ErasureStore.Erasure later = store.request(hash, NOW.plusSeconds(60));
    assertThat(later.erasureId()).isNotEqualTo(first.erasureId());
    assertThat(later.pending()).isTrue();
  }

  @Test
  void tombstonesAreFoundByHashUntilTheyExpireAndHoldNoId() {
    String erased = HASH.of("erased@example.com");
    String other = HASH.of("other@example.com");
    ErasureStore.Erasure erasure = store.request(erased, NOW);
    assertThat(store.tombstoned(List.of(erased, other), NOW)).containsExactly(erased);
    store.complete(erasure.erasureId(), erased, Map.of(), NOW);

    assertThat(store.tombstoned(List.of(erased, other), NOW.plus(TOMBSTONE_TTL).minusSeconds(1)))
        .containsExactly(erased);
    assertThat(store.tombstoned(List.of(erased), NOW.plus(TOMBSTONE_TTL))).as("expired").isEmpty();
    assertThat(store.liveTombstones(NOW)).contains(erased).doesNotContain(other);
    assertThat(store.liveTombstones(NOW.plus(TOMBSTONE_TTL))).doesNotContain(erased);
    assertThat(store.tombstoneStatus(other, NOW)).isEmpty();

    try (var s3 = AwsClients.s3(resources.settings())) {
      assertThat(StoredTraces.find(dynamo, s3, resources.settings(), "erased@example.com"))
          .isEmpty();
    }
  }

  @Test
  void anUnknownErasureIdIsEmptyAndATombstoneKeyIsNotARecord() {
    assertThat(store.get("no-such-erasure")).isEmpty();
    String hash = HASH.of("keys@example.com");
    store.request(hash, NOW);
    assertThat(store.get(ErasureStore.tombstoneKey(hash))).isEmpty();
    assertThat(Set.of(ErasureStore.tombstoneKey(hash))).allMatch(k -> k.startsWith("tombstone#"));
  }
}
