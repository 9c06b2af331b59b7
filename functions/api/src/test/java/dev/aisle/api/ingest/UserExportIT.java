package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.InjectStack;
import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.ShopperExport;
import dev.aisle.storage.dynamo.UserStateStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /users/export}: everything stored about one shopper (their events, user-state row,
 * users row) and nothing of anyone else; the write routes' key; clear 4xx for bad input; the same
 * answer through the Lambda handler. Runs in {@link ApiKeyIT}'s application (keys set).
 */
@QuarkusTest
@TestProfile(ApiKeyIT.WithKeys.class)
class UserExportIT {

  private static final String KEY = "key-one";

  @InjectStack AisleSettings settings;

  private final String shopper = "export-" + UUID.randomUUID();
  private final String neighbour = "export-other-" + UUID.randomUUID();
  private DynamoDbClient dynamo;

  @BeforeEach
  void storeTwoShoppers() {
    dynamo = AwsClients.dynamoDb(settings);
    post(
        "/events",
        "{\"events\":["
            + event(shopper, "e1", "view")
            + ","
            + event(shopper, "e2", "purchase")
            + ","
            + event(shopper, "e3", "click")
            + ","
            + event(neighbour, "n1", "view")
            + "]}");
    post(
        "/users",
        "{\"users\":[{\"userId\":\"%s\",\"attributes\":{\"country\":\"DE\"}},{\"userId\":\"%s\"}]}"
            .formatted(shopper, neighbour));
    new UserStateStore(dynamo, settings.userStateTable())
        .put(
            new UserState(
                shopper,
                "v7",
                Instant.now(),
                new float[] {0.5f, -1.25f},
                List.of(
                    new UserState.RecentEvent(
                        "e2", "item-e2", EventType.PURCHASE, null, Instant.now())),
                List.of("item-e2")));
  }

  @Test
  void everythingStoredAboutTheShopperAndNothingOfAnyoneElse() {
    Exchange.Answer http = Exchange.http(get(shopper).withHeader("x-api-key", KEY));
    assertThat(http.status()).as(http.body()).isEqualTo(200);
    JsonNode export = http.json();
    assertThat(export.path("userId").asText()).isEqualTo(shopper);
    List<String> ids = new ArrayList<>();
    export
        .path("events")
        .forEach(
            e -> {
              ids.add(e.path("eventId").asText());
              assertThat(e.path("userId").asText()).isEqualTo(shopper);
            });
    assertThat(ids).containsExactly(shopper + "-e1", shopper + "-e2", shopper + "-e3");
    JsonNode purchase = export.path("events").get(1);
    assertThat(purchase.path("itemId").asText()).isEqualTo("item-e2");
    assertThat(purchase.path("type").asText()).isEqualTo("purchase");
    // ingest's TTL attribute, 730 days after the event's timestamp unless AISLE_EVENT_RETENTION
    // says otherwise
    assertThat(purchase.path("expiresAt").asLong())
        .isEqualTo(
            purchase.path("ts").asLong() / 1000 + java.time.Duration.ofDays(730).toSeconds());
    assertThat(export.path("nextAfter").isNull()).isTrue();
    JsonNode state = export.path("userState");
    assertThat(state.path("modelVersion").asText()).isEqualTo("v7");
    assertThat(state.path("vector").get(0).floatValue()).isEqualTo(0.5f);
    assertThat(state.path("vector").get(1).floatValue()).isEqualTo(-1.25f);
    assertThat(state.path("recent").get(0).path("itemId").asText()).isEqualTo("item-e2");
    assertThat(state.path("purchased").get(0).asText()).isEqualTo("item-e2");
    assertThat(export.path("user").path("attributes").path("country").asText()).isEqualTo("DE");
    assertThat(http.body()).doesNotContain(neighbour);

    Exchange.Answer lambda = Exchange.lambda(get(shopper).withHeader("x-api-key", KEY));
    assertThat(lambda.status()).isEqualTo(200);
    assertThat(lambda.json()).isEqualTo(export);
  }

  @Test
  void anUnknownShopperHasEmptySections() {
    Exchange.Answer answer =
        Exchange.http(get("nobody-" + UUID.randomUUID()).withHeader("x-api-key", KEY));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("events")).isEmpty();
    assertThat(answer.json().path("userState").isNull()).isTrue();
    assertThat(answer.json().path("user").isNull()).isTrue();
  }

  @Test
  void eventsComeInPagesThatFollowOneAnother() {
    ShopperExport pages = new ShopperExport(dynamo, settings, 2);
    JsonNode first = pages.export(shopper, Optional.empty());
    assertThat(first.path("events")).hasSize(2);
    assertThat(first.path("nextAfter").asText()).isEqualTo(shopper + "-e2");
    JsonNode second = pages.export(shopper, Optional.of(first.path("nextAfter").asText()));
    assertThat(second.path("events")).hasSize(1);
    assertThat(second.path("events").get(0).path("eventId").asText()).isEqualTo(shopper + "-e3");
    assertThat(second.path("nextAfter").isNull()).isTrue();
    Exchange.Answer viaApi =
        Exchange.http(
            new Exchange.Request(
                "GET",
                "/users/export?userId=" + encode(shopper) + "&after=" + encode(shopper + "-e2"),
                Map.of("x-api-key", KEY),
                null));
    assertThat(viaApi.json().path("events").toString()).isEqualTo(second.path("events").toString());
  }

  @Test
  void theWriteRoutesKeyIsNeededAndOnlyGetIsAnswered() {
    for (Exchange.Request request :
        List.of(get(shopper), get(shopper).withHeader("x-api-key", "key-three"))) {
      Exchange.Answer answer = Exchange.http(request);
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.json().path("error").asText()).isEqualTo("unauthorized");
      assertThat(answer.body()).doesNotContain(shopper);
      assertThat(Exchange.lambda(request).status()).isEqualTo(401);
    }
    Exchange.Answer post =
        Exchange.http(
            Exchange.Request.postJson("/users/export", "{\"userId\":\"x\"}")
                .withHeader("x-api-key", KEY));
    assertThat(post.status()).isEqualTo(405);
  }

  @Test
  void malformedIdsAreA400NamingTheParameter() {
    for (String query :
        List.of(
            "k=1", "userId=", "userId=" + "x".repeat(129), "userId=ok&after=" + "y".repeat(129))) {
      Exchange.Answer answer =
          Exchange.http(
              new Exchange.Request(
                  "GET", "/users/export?" + query, Map.of("x-api-key", KEY), null));
      assertThat(answer.status()).as(query).isEqualTo(400);
      assertThat(answer.json().path("error").asText()).isEqualTo("invalid_request");
      assertThat(answer.json().path("details").get(0).path("field").asText())
          .isIn("userId", "after");
    }
  }

  private static Exchange.Request get(String userId) {
    return new Exchange.Request("GET", "/users/export?userId=" + encode(userId), Map.of(), null);
  }

  /** Ids of these tests need no escaping (Exchange sends the query as given, on both paths). */
  private static String encode(String text) {
    assertThat(URLEncoder.encode(text, StandardCharsets.UTF_8)).isEqualTo(text);
    return text;
  }

  private static String event(String user, String id, String type) {
    return "{\"eventId\":\"%s-%s\",\"userId\":\"%s\",\"itemId\":\"item-%s\",\"type\":\"%s\"%s}"
        .formatted(user, id, user, id, type, type.equals("purchase") ? ",\"value\":2" : "");
  }

  private static void post(String path, String json) {
    Exchange.Answer answer =
        Exchange.http(Exchange.Request.postJson(path, json).withHeader("x-api-key", KEY));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }
}
