package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.kafka.ErasureCommand;
import dev.aisle.storage.kafka.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /erasures} and {@code GET /erasures} on the local stack: 202 and the command on the
 * topic (keyed by the shopper, after their events), the same erasure while it is pending, status
 * and counts once the stream completed it, and a clear 4xx for every bad request.
 */
@QuarkusTest
@TestProfile(ErasuresIT.WithErasure.class)
class ErasuresIT {

  private static final String KEY = "erasure-key";
  private static final String SALT = "api-test-erasure-salt";

  @InjectStack AisleSettings settings;

  @Test
  void anErasureIsAcceptedOnceWhilePendingAndItsCommandIsOnTheTopic() {
    String userId = "erase-" + UUID.randomUUID() + "@example.com";
    Exchange.Request post =
        Exchange.Request.postJson("/erasures", "{\"userId\":\"" + userId + "\"}")
            .withHeader("x-api-key", KEY);

    Exchange.Answer first = Exchange.http(post);
    Exchange.Answer again = Exchange.lambda(post);

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    String erasureId = first.json().get("erasureId").asText();
    assertThat(first.json().get("status").asText()).isEqualTo("pending");
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("erasureId").asText())
        .as("idempotent while pending")
        .isEqualTo(erasureId);

    List<ConsumerRecord<String, byte[]>> commands = commandsFor(userId, 2);
    assertThat(commands)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.key()).isEqualTo(userId);
              Header header = r.headers().lastHeader(ErasureCommand.HEADER);
              assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("erasure");
            });

    Exchange.Answer pending = get("?erasureId=" + erasureId);
    assertThat(pending.status()).isEqualTo(200);
    assertThat(pending.json().get("status").asText()).isEqualTo("pending");
    assertThat(pending.json().has("removed")).isFalse();

    // what the stream function does once it has erased the shopper
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      new ErasureStore(dynamo, settings.erasuresTable(), Duration.ofDays(30), Duration.ofDays(365))
          .complete(
              erasureId,
              new ShopperHash(SALT).of(userId),
              Map.of("events", 12L, "userState", 1L, "user", 0L, "outbox", 0L, "pairs", 3L),
              Instant.now());
    }
    Exchange.Answer complete = get("?erasureId=" + erasureId);
    assertThat(complete.status()).isEqualTo(200);
    assertThat(complete.json().get("status").asText()).isEqualTo("complete");
    assertThat(complete.json().get("removed").get("events").asLong()).isEqualTo(12);
    assertThat(complete.json().get("removed").get("pairs").asLong()).isEqualTo(3);
    assertThat(complete.json().has("completedAt")).isTrue();
    assertThat(complete.body())
        .doesNotContain(userId)
        .doesNotContain(new ShopperHash(SALT).of(userId));

    Exchange.Answer later = Exchange.http(post);
    assertThat(later.status()).isEqualTo(202);
    assertThat(later.json().get("erasureId").asText())
        .as("a completed erasure is not reopened")
        .isNotEqualTo(erasureId);
  }

  @Test
  void badRequestsAreClear4xxAndNever5xx() {
    record Case(Exchange.Request request, int status, String error) {}
    String unknown = UUID.randomUUID().toString();
    List<Case> cases =
        List.of(
            new Case(
                Exchange.Request.postJson("/erasures", "{\"userId\":\"u-1\"}"),
                401,
                "unauthorized"),
            new Case(
                Exchange.Request.postJson("/erasures", "{\"userId\":\"u-1\"}")
                    .withHeader("x-api-key", "wrong"),
                401,
                "unauthorized"),
            new Case(keyed(Exchange.Request.postJson("/erasures", "")), 400, "empty_body"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "{\"userId\":")),
                400,
                "malformed_json"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "[\"u-1\"]")), 400, "invalid_request"),
            new Case(keyed(Exchange.Request.postJson("/erasures", "{}")), 400, "invalid_request"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "{\"userId\":5}")),
                400,
                "invalid_request"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "{\"userId\":\"\"}")),
                400,
                "invalid_request"),
            new Case(
                keyed(
                    Exchange.Request.postJson(
                        "/erasures", "{\"userId\":\"" + "x".repeat(200) + "\"}")),
                400,
                "invalid_request"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "{\"userId\":\"u-1\",\"all\":true}")),
                400,
                "invalid_request"),
            new Case(
                keyed(
                    Exchange.Request.post(
                        "/erasures", "text/plain", "u-1".getBytes(StandardCharsets.UTF_8))),
                415,
                "unsupported_media_type"),
            new Case(
                keyed(Exchange.Request.postJson("/erasures", "{}").withMethod("DELETE")),
                405,
                "method_not_allowed"),
            new Case(
                keyed(new Exchange.Request("GET", "/erasures", Map.of(), null)),
                400,
                "invalid_request"),
            new Case(
                keyed(new Exchange.Request("GET", "/erasures?erasureId=not-an-id", Map.of(), null)),
                400,
                "invalid_request"),
            new Case(
                keyed(new Exchange.Request("GET", "/erasures?userId=u-1", Map.of(), null)),
                400,
                "invalid_request"),
            new Case(
                keyed(
                    new Exchange.Request("GET", "/erasures?erasureId=" + unknown, Map.of(), null)),
                404,
                "not_found"),
            new Case(
                new Exchange.Request("GET", "/erasures?erasureId=" + unknown, Map.of(), null),
                401,
                "unauthorized"));
    for (Case c : cases) {
      Exchange.Answer answer = Exchange.http(c.request());
      assertThat(answer.status())
          .as(c.request().method() + " " + c.request().path() + " " + answer.body())
          .isEqualTo(c.status());
      assertThat(answer.contentType()).startsWith("application/json");
      assertThat(answer.json().get("error").asText()).isEqualTo(c.error());
    }
  }

  private static Exchange.Request keyed(Exchange.Request request) {
    return request.withHeader("x-api-key", KEY);
  }

  private static Exchange.Answer get(String query) {
    return Exchange.http(keyed(new Exchange.Request("GET", "/erasures" + query, Map.of(), null)));
  }

  private List<ConsumerRecord<String, byte[]>> commandsFor(String userId, int expected) {
    Properties props = KafkaClients.consumer(settings, "erasure-reader-" + UUID.randomUUID());
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    props.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(settings.interactionsTopic()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(
                r -> {
                  if (userId.equals(r.key())) {
                    found.add(r);
                  }
                });
      }
    }
    return found;
  }

  /** An API key, the erasure salt, tables of its own. */
  public static class WithErasure implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aisle.api-key", KEY, "aisle.erasure.salt", SALT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalStackResource.class));
    }
  }
}
