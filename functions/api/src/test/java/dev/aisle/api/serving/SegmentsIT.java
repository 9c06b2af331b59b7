package dev.aisle.api.serving;

import static dev.aisle.api.serving.ServingCalls.items;
import static dev.aisle.api.serving.ServingCalls.recommend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.UserProfile;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Shoppers without a vector get their segment's list, as the CDN precompute publishes it ({@code
 * v1/segments/index.json} and {@code v1/segments/<run>/<id>.json} under the prefix the index's
 * {@code lists} names, written here as literal JSON in that format): by stored attributes, by
 * request context, else the index's fallback. Lists of another run at the old flat paths ({@code
 * v1/segments/<id>.json}, segment ids re-ranked) are never read for this index.
 */
@QuarkusTest
@TestProfile(ServingProfile.Segments.class)
class SegmentsIT {

  private static final String INDEX =
      """
      {"modelVersion":"v1","attributes":["country","device"],
       "rules":[{"match":{"country":"de","device":"mobile"},"segment":"s2","shoppers":5},
                {"match":{"country":"de"},"segment":"s1","shoppers":10}],
       "fallback":"s0",
       "segments":[{"id":"s0","shoppers":20,"profile":{}},{"id":"s1","shoppers":10,"profile":{"country":"de"}},
                   {"id":"s2","shoppers":5,"profile":{"country":"de","device":"mobile"}}],
       "lists":"segments/v1-0a1b2c3d/"}
      """;

  @Inject AisleSettings settings;

  @Inject S3Client s3;

  @Inject DynamoDbClient dynamo;

  @BeforeEach
  void plant() {
    ModelStore store = new ModelStore(s3, settings.modelsBucket());
    PlantedModels.plantShoppers(dynamo, settings);
    if (store.currentVersion().isPresent()) {
      return;
    }
    PlantedModels.publish(store, PlantedModels.model("v1"));
    put("v1/segments/index.json", INDEX);
    put("v1/segments/v1-0a1b2c3d/s0.json", list("s0", "i7", "i6"));
    put("v1/segments/v1-0a1b2c3d/s1.json", list("s1", "i5", "i4"));
    put("v1/segments/v1-0a1b2c3d/s2.json", list("s2", "i3", "i2"));
    // another run's lists in the old flat layout, its segments ranked otherwise: not this index's
    put("v1/segments/s0.json", list("s0", "i1", "i0"));
    put("v1/segments/s1.json", list("s1", "i1", "i0"));
    put("v1/segments/s2.json", list("s2", "i1", "i0"));
    new UserStore(dynamo, settings.usersTable())
        .putAll(List.of(new UserProfile("anna", Map.of("country", "DE", "device", "desktop"))));
  }

  @Test
  void storedAttributesPickTheSegment() {
    JsonPath answer = recommend("userId=anna&k=2");
    assertThat(answer.getString("source")).isEqualTo("segment");
    assertThat(answer.getString("modelVersion")).isEqualTo("v1");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i5", "i4");
  }

  @Test
  void requestContextOverridesStoredAttributes() {
    assertThat(items("userId=anna&k=2&context.device=Mobile")).containsExactly("i3", "i2");
    assertThat(items("userId=guest-1&k=2&context.country=de")).containsExactly("i5", "i4");
  }

  @Test
  void aShopperNoRuleMatchesGetsTheFallbackSegment() {
    JsonPath answer = recommend("userId=guest-2&k=2");
    assertThat(answer.getString("source")).isEqualTo("segment");
    assertThat(answer.getList("items.itemId", String.class)).containsExactly("i7", "i6");
  }

  @Test
  void filtersApplyAndPopularItemsTopUpTheList() {
    assertThat(items("userId=anna&k=3&exclude=i5")).containsExactly("i4", "i9", "i8");
    assertThat(items("userId=anna&k=2&category=bags")).containsExactly("i5", "i4");
  }

  @Test
  void shoppersWithAVectorAreNotSegmented() {
    Eventually.within(
        Duration.ofSeconds(5),
        () -> assertThat(recommend("userId=u1&k=1").getString("source")).isEqualTo("personalized"));
  }

  private void put(String key, String json) {
    s3.putObject(
        b -> b.bucket(settings.cdnBucket()).key(key).contentType("application/json"),
        RequestBody.fromString(json));
  }

  private static String list(String segment, String first, String second) {
    return """
        {"segment":"%s","modelVersion":"v1","shoppers":10,"profile":{},
         "items":[{"itemId":"%s","score":0.9,"title":"A","price":10.0},{"itemId":"%s","score":0.8}]}
        """
        .formatted(segment, first, second);
  }
}
