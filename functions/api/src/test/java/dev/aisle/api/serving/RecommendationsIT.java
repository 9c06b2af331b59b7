package dev.aisle.api.serving;

import static dev.aisle.api.serving.ServingCalls.items;
import static dev.aisle.api.serving.ServingCalls.recommend;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.aisle.catalog.Item;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * GET /recommendations, /similar and /health on the local stack with a planted model (see {@link
 * PlantedModels}).
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class RecommendationsIT {

  @Inject AisleSettings settings;

  @Inject DynamoDbClient dynamo;

  @Inject S3Client s3;

  @BeforeEach
  void plantModel() {
    PlantedModels.publishV1UnlessCurrent(new ModelStore(s3, settings.modelsBucket()));
    PlantedModels.plantShoppers(dynamo, settings);
  }

  @Test
  void aKnownShopperGetsTheModelsTopItemsInOrder() {
    JsonPath answer = recommend("userId=u1&k=3");
    assertThat(answer.getString("userId")).isEqualTo("u1");
    assertThat(answer.getString("modelVersion")).isEqualTo("v1");
    // folded in from u1's events, which the model saw
    assertThat(answer.getString("source")).isEqualTo("personalized");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i0", "i1", "i2");
    assertThat(answer.getList("items.score", Float.class))
        .isSortedAccordingTo((a, b) -> Float.compare(b, a))
        .doesNotHaveDuplicates();
  }

  @Test
  void equalScoresComeInAStableOrder() {
    // i7 and i8 both score 0.3 for u1
    assertThat(items("userId=u1&k=9")).endsWith("i7", "i8");
    assertThat(items("userId=u1&k=9")).isEqualTo(items("userId=u1&k=9"));
  }

  @Test
  void excludedIdsAndTheCategoryFilterHold() {
    assertThat(items("userId=u1&k=3&exclude=i1,i2")).containsExactly("i0", "i3", "i4");
    assertThat(items("userId=u1&k=3&exclude=i0&exclude=i3")).containsExactly("i1", "i2", "i4");
    assertThat(items("userId=u1&k=3&category=bags")).containsExactly("i4", "i5", "i6");
    assertThat(items("userId=u1&k=3&category=bags&exclude=i5")).containsExactly("i4", "i6", "i7");
    assertThat(items("userId=u1&k=3&category=no-such-category")).isEmpty();
  }

  @Test
  void itemsTheShopperBoughtAreNeverReturned() {
    // u2 bought i9 (user-state)
    assertThat(items("userId=u2&k=10")).hasSize(9).doesNotContain("i9");
    // u4: a purchase in the events table the model does not know yet
    dynamo.putItem(
        b ->
            b.tableName(settings.eventsTable())
                .item(
                    EventRecords.toItem(
                        new Event(
                            "e-u4-1",
                            "u4",
                            "i0",
                            EventType.PURCHASE,
                            1.0,
                            Instant.now(),
                            null,
                            Map.of()),
                        0)));
    assertThat(items("userId=u4&k=2")).containsExactly("i1", "i2");
    // u5: a purchase in user-state (vector solved against another model: folded in again from the
    // window)
    new UserStateStore(dynamo, settings.userStateTable())
        .put(
            new UserState(
                "u5",
                "v0",
                PlantedModels.LONG_AGO,
                new float[] {0f, 1f},
                PlantedModels.u1Events(),
                List.of("i1")));
    JsonPath answer = recommend("userId=u5&k=2");
    assertThat(answer.getString("source")).isEqualTo("personalized");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i0", "i2");
  }

  @Test
  void unavailableItemsDisappearWithinTheRefreshInterval() {
    ItemStore items = new ItemStore(dynamo, settings.itemsTable());
    assertThat(items("userId=u1&k=3&category=bags")).containsExactly("i4", "i5", "i6");
    items.putAll(List.of(new Item("i5", "Tote", "bags", 20.0, List.of(), false)));
    try {
      Eventually.within(
          Duration.ofSeconds(10),
          () -> assertThat(items("userId=u1&k=3&category=bags")).containsExactly("i4", "i6", "i7"));
      assertThat(items("userId=nobody&k=5")).doesNotContain("i5");
    } finally {
      items.putAll(List.of(new Item("i5", "Tote", "bags", 20.0, List.of(), true)));
    }
    Eventually.within(
        Duration.ofSeconds(10),
        () -> assertThat(items("userId=u1&k=3&category=bags")).containsExactly("i4", "i5", "i6"));
  }

  @Test
  void anUnknownShopperGetsPopularItems() {
    JsonPath answer = recommend("userId=nobody&k=3");
    assertThat(answer.getString("source")).isEqualTo("popular");
    assertThat(answer.getString("modelVersion")).isEqualTo("v1");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i9", "i8", "i7");
    assertThat(items("userId=nobody&k=3&category=shoes")).containsExactly("i3", "i2");
    assertThat(items("userId=nobody&k=3&category=bags&exclude=i8"))
        .containsExactly("i7", "i6", "i5");
  }

  @Test
  void aShopperWithAFreshVectorGetsRealtimeRecommendations() {
    UserStateStore states = new UserStateStore(dynamo, settings.userStateTable());
    // u3 is not in the model; the stream updater solved their vector against v1
    states.put(
        new UserState("u3", "v1", Instant.now(), new float[] {0f, 1f}, List.of(), List.of()));
    JsonPath answer = recommend("userId=u3&k=2");
    assertThat(answer.getString("source")).isEqualTo("realtime");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i9", "i4");

    // a state older than the model it names is not used (u5's test covers another model version)
    states.put(
        new UserState(
            "u3-stale",
            "v1",
            Instant.now().minusSeconds(3600),
            new float[] {0f, 1f},
            List.of(),
            List.of()));
    assertThat(recommend("userId=u3-stale&k=2").getString("source")).isEqualTo("popular");
  }

  @Test
  void similarItemsComeFromTheModelAndFromContentForNewItems() {
    // i9 (0, 1): cosine with i4 (0.6, 0.5) 0.64, i7 and i8 (0.3, 0.2) 0.55 each
    JsonPath answer =
        given().get("/similar?itemId=i9&k=3").then().statusCode(200).extract().jsonPath();
    assertThat(answer.getString("itemId")).isEqualTo("i9");
    assertThat(answer.getString("modelVersion")).isEqualTo("v1");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i4", "i7", "i8");

    // an item only the catalog knows gets neighbours by content
    new ItemStore(dynamo, settings.itemsTable())
        .putAll(
            List.of(
                new Item("i0", "Leather hiking boot", "shoes", 90.0, List.of("outdoor"), true),
                new Item("i3", "Beach sandal", "shoes", 20.0, List.of("summer"), true),
                new Item(
                    "new-boot",
                    "Waterproof hiking boot",
                    "shoes",
                    120.0,
                    List.of("outdoor"),
                    true)));
    Eventually.within(
        Duration.ofSeconds(10),
        () ->
            given()
                .get("/similar?itemId=new-boot&k=2")
                .then()
                .statusCode(200)
                .body("items.itemId", contains("i0", "i3")));

    given()
        .get("/similar?itemId=no-such-item")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  @Test
  void healthNamesTheServedModel() {
    recommend("userId=u1");
    given()
        .get("/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("ok"))
        .body("modelVersion", equalTo("v1"));
  }

  @Test
  void badParametersAreRejectedWithAClearError() {
    for (String query : List.of("userId=u1&k=0", "userId=u1&k=101", "userId=u1&k=ten", "k=5")) {
      given()
          .get("/recommendations?" + query)
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid_request"))
          .body("details", hasSize(1));
    }
    given().get("/recommendations?userId=u1&k=0").then().body("details[0].field", equalTo("k"));
    given()
        .get("/recommendations?userId=" + "x".repeat(129))
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("userId"));
    given()
        .get("/similar?itemId=i9&k=500")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("k"));
  }
}
