package dev.aisle.api.serving;

import static dev.aisle.api.serving.ServingCalls.items;
import static dev.aisle.api.serving.ServingCalls.recommend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.Item;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Items added to the catalog after the model was trained get the last ⌊k · 0.1⌋ places of a
 * personalized list: the new item most like the shopper's best-ranked items by content.
 */
@QuarkusTest
@TestProfile(ServingProfile.Exploration.class)
class ExplorationIT {

  /** u1's model order: i0 … i6, then i7 and i8 (tied), i9. */
  private static final List<String> MODEL_TOP_9 =
      List.of("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8");

  @Inject AisleSettings settings;

  @Inject DynamoDbClient dynamo;

  @Inject S3Client s3;

  @BeforeEach
  void plantModelAndCatalog() {
    PlantedModels.publishV1UnlessCurrent(new ModelStore(s3, settings.modelsBucket()));
    PlantedModels.plantShoppers(dynamo, settings);
    new ItemStore(dynamo, settings.itemsTable())
        .putAll(
            List.of(
                new Item("i0", "Leather hiking boot", "shoes", 90.0, List.of("outdoor"), true),
                new Item("i1", "Trail hiking shoe", "shoes", 80.0, List.of("outdoor"), true),
                new Item("i2", "Hiking sock", "shoes", 10.0, List.of("outdoor"), true),
                new Item(
                    "new-boot", "Waterproof hiking boot", "shoes", 120.0, List.of("outdoor"), true),
                new Item("new-tote", "Canvas tote", "bags", 25.0, List.of("city"), true)));
  }

  @Test
  void aNewItemLikeTheShoppersBestTakesTheLastPlace() {
    // the application's first answer loads the model and starts the content index's first build:
    // on a busy machine that alone took most of the 15 s the index is given below
    recommend("userId=u1&k=10");
    Eventually.within(
        Duration.ofSeconds(15),
        () -> {
          JsonPath answer = recommend("userId=u1&k=10");
          assertThat(answer.getString("source")).isEqualTo("personalized");
          List<String> items = answer.getList("items.itemId", String.class);
          assertThat(items).hasSize(10);
          assertThat(items.subList(0, 9)).isEqualTo(MODEL_TOP_9);
          assertThat(items.get(9)).isEqualTo("new-boot");
          List<Float> scores = answer.getList("items.score", Float.class);
          assertThat(scores.get(9)).isLessThanOrEqualTo(scores.get(8));
          // flagged, so a client can count exploration impressions apart; model items carry no flag
          assertThat(answer.getBoolean("items[9].exploration")).isTrue();
          assertThat(answer.getMap("items[0]")).containsOnlyKeys("itemId", "score");
        });
  }

  @Test
  void shortListsExcludedAndUnlikeNewItemsGetNoExploration() {
    Eventually.within(
        Duration.ofSeconds(15), () -> assertThat(items("userId=u1&k=10")).contains("new-boot"));
    // ⌊9 · 0.1⌋ = 0 places
    assertThat(items("userId=u1&k=9")).isEqualTo(MODEL_TOP_9);
    // excluded: the tote shares no term with boots and socks, so the model's own 10th item stays
    List<String> withoutBoot = items("userId=u1&k=10&exclude=new-boot");
    assertThat(withoutBoot).hasSize(10).doesNotContain("new-boot", "new-tote").startsWith("i0");
    // a category filter turns exploration off
    assertThat(items("userId=u1&k=10&category=shoes")).doesNotContain("new-boot");
  }
}
