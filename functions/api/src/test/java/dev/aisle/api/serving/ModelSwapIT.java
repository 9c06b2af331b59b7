package dev.aisle.api.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The served model's life: a corrupt first model (serve popular, 200), a good one, a swap while
 * requests run (no error, the new version within the refresh interval, never a torn answer), a
 * corrupt successor (the last good model stays), then a model shipping its catalog, whose
 * availability holds until an item written after the cut changes it, then a blend model of ALS and
 * item-kNN, whose order differs from ALS's.
 */
@QuarkusTest
@TestProfile(ServingProfile.Swap.class)
class ModelSwapIT {

  /**
   * aisle.serving.model-refresh of {@link ServingStack} (500 ms) plus reading a small model, with
   * room for a busy shared test machine; the measured delay is printed.
   */
  private static final Duration SWAP_LIMIT = Duration.ofSeconds(10);

  @Inject AisleSettings settings;

  @Inject S3Client s3;

  @Inject DynamoDbClient dynamo;

  @Test
  void modelsSwapUnderLoadAndCorruptOnesAreNeverServed() throws Exception {
    ModelStore store = new ModelStore(s3, settings.modelsBucket());
    PlantedModels.plantShoppers(dynamo, settings);

    // 1. CURRENT names a corrupt model and there is no last good one: popular (empty), 200
    PlantedModels.publishCorrupt(store, s3, PlantedModels.model("v0-corrupt"));
    JsonPath none =
        given().get("/recommendations?userId=u1").then().statusCode(200).extract().jsonPath();
    assertThat(none.getString("source")).isEqualTo("popular");
    assertThat(none.getString("modelVersion")).isNull();
    assertThat(none.getList("items")).isEmpty();
    given().get("/health").then().statusCode(200);

    // 2. a good model: served within the refresh interval
    PlantedModels.upload(store, PlantedModels.model("v1"));
    long current = System.nanoTime();
    store.setCurrent("v1");
    Eventually.within(
        SWAP_LIMIT,
        () ->
            assertThat(
                    top(
                        given()
                            .get("/recommendations?userId=u1&k=1")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()))
                .isEqualTo("v1:i0"));
    System.out.printf(
        "first good model served %d ms after CURRENT named it%n",
        (System.nanoTime() - current) / 1_000_000);

    // 3. swap to v2 while two clients keep asking; v2 ranks i9 first for u1
    URI recommendU1 =
        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/recommendations?userId=u1&k=1");
    try (Load load = new Load(recommendU1)) {
      Eventually.within(SWAP_LIMIT, () -> assertThat(load.seen).contains("v1:i0"));
      PlantedModels.upload(store, PlantedModels.i9FirstModel("v2"));
      long published = System.nanoTime();
      store.setCurrent("v2");
      Eventually.within(SWAP_LIMIT, () -> assertThat(load.seen).contains("v2:i9"));
      long swapMillis = (System.nanoTime() - published) / 1_000_000;
      Thread.sleep(300);
      load.stop();
      assertThat(load.errors).as("non-200 answers or failed calls").isEmpty();
      assertThat(load.seen)
          .as("every answer matches the version it names")
          .containsOnly("v1:i0", "v2:i9");
      System.out.printf(
          "swap: %d requests, new version served %d ms after CURRENT changed%n",
          load.requests.get(), swapMillis);
    }

    // 4. a corrupt successor: the last good model stays, answers stay 200
    PlantedModels.publishCorrupt(store, s3, PlantedModels.model("v3-corrupt"));
    long until = System.nanoTime() + SWAP_LIMIT.toNanos() * 2;
    while (System.nanoTime() < until) {
      assertThat(
              top(
                  given()
                      .get("/recommendations?userId=u1&k=1")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()))
          .isEqualTo("v2:i9");
    }
    assertThat(given().get("/health").then().extract().jsonPath().getString("modelVersion"))
        .isEqualTo("v2");

    // 5. v4 ships its catalog, in which i9 is unavailable: i9 is hidden though the items table
    // never said so
    PlantedModels.publish(store, PlantedModels.i9FirstWithCatalogHidingI9("v4"));
    Eventually.within(
        SWAP_LIMIT,
        () ->
            assertThat(
                    top(
                        given()
                            .get("/recommendations?userId=u1&k=1")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()))
                .isEqualTo("v4:i0"));
    // an item written after the model's cut overrides the shipped copy: i9 is back
    new ItemStore(dynamo, settings.itemsTable())
        .putAll(List.of(new Item("i9", "item i9", "hats", 10.0, List.of(), true)));
    Eventually.within(
        SWAP_LIMIT,
        () ->
            assertThat(
                    top(
                        given()
                            .get("/recommendations?userId=u1&k=1")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()))
                .isEqualTo("v4:i9"));

    // 6. a blend of ALS and item-kNN: u1's items point at i8, which the blend ranks first
    PlantedModels.publish(store, PlantedModels.blendModel("v5"));
    Eventually.within(
        SWAP_LIMIT,
        () ->
            assertThat(
                    top(
                        given()
                            .get("/recommendations?userId=u1&k=3")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()))
                .isEqualTo("v5:i8"));
    JsonPath blended =
        given().get("/recommendations?userId=u1&k=3").then().statusCode(200).extract().jsonPath();
    assertThat(blended.getList("items.itemId")).containsExactly("i8", "i0", "i1");
    assertThat(blended.getString("source")).isEqualTo("personalized");
    // the same exclusions: without i8 the list is ALS's order
    assertThat(
            given()
                .get("/recommendations?userId=u1&k=2&exclude=i8")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.itemId"))
        .containsExactly("i0", "i1");
  }

  private static String top(JsonPath answer) {
    return answer.getString("modelVersion") + ":" + answer.getString("items[0].itemId");
  }

  /** Two clients calling the api in a loop until stopped; records what they saw and every error. */
  private static final class Load implements AutoCloseable {
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    private final List<Future<?>> loops;

    Load(URI uri) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      loops =
          List.of(
              clients.submit(() -> loop(http, request)), clients.submit(() -> loop(http, request)));
    }

    private void loop(HttpClient http, HttpRequest request) {
      while (running.get()) {
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          requests.incrementAndGet();
          if (response.statusCode() != 200) {
            errors.add(response.statusCode() + " " + response.body());
            continue;
          }
          var answer = Json.mapper().readTree(response.body());
          seen.add(
              answer.path("modelVersion").asText()
                  + ":"
                  + answer.path("items").path(0).path("itemId").asText());
        } catch (Exception e) {
          errors.add(e.toString());
        }
      }
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<?> loop : loops) {
        loop.get();
      }
    }

    @Override
    public void close() throws Exception {
      stop();
      clients.shutdownNow();
    }
  }
}
