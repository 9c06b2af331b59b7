package dev.aisle.api.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.SimilarItems;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A cold start serves its first model before the SHA-256 of the factor file's parts is checked
 * (aisle.serving.verify-after-first-serve): a model whose factor file has a byte altered (same
 * size) is withdrawn once the check runs — answers fall back to popular, /health names no version,
 * no 5xx — and a sound model published next is served and stays served after its check.
 */
@QuarkusTest
@TestProfile(ServingProfile.ColdStart.class)
class ColdStartChecksumIT {

  /** Enough rows × 64 factors for a factor file of two parts (more than ModelFiles.PART_BYTES). */
  private static final int ROWS = (int) (ModelFiles.PART_BYTES / (64 * Float.BYTES)) + 5_000;

  private static final Duration LIMIT = Duration.ofSeconds(20);

  @Inject AisleSettings settings;

  @Inject S3Client s3;

  @Inject DynamoDbClient dynamo;

  @Test
  void aFirstModelWithAnAlteredFactorPartIsWithdrawnAndTheNextSoundOneStays() throws Exception {
    ModelStore store = new ModelStore(s3, settings.modelsBucket());
    PlantedModels.plantShoppers(dynamo, settings);

    // 1. CURRENT names a large model whose second factor part was altered after its checksums
    publishWithSecondPartAltered(store, largeModel("big-corrupt"));
    given().get("/recommendations?userId=u1").then().statusCode(200);
    Eventually.within(
        LIMIT,
        () -> {
          JsonPath answer =
              given().get("/recommendations?userId=u1").then().statusCode(200).extract().jsonPath();
          assertThat(answer.getString("source")).isEqualTo("popular");
          assertThat(answer.getString("modelVersion")).isNull();
          assertThat(
                  given()
                      .get("/health")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getString("modelVersion"))
              .isNull();
        });

    // 2. a sound large model: served (read with its checks deferred too), and still served after
    // them
    PlantedModels.publish(store, largeModel("big-sound"));
    Eventually.within(
        LIMIT,
        () -> {
          JsonPath answer =
              given().get("/recommendations?userId=u1").then().statusCode(200).extract().jsonPath();
          assertThat(answer.getString("modelVersion")).isEqualTo("big-sound");
          assertThat(answer.getString("source")).isEqualTo("personalized");
        });
    Thread.sleep(3_000);
    JsonPath later =
        given().get("/recommendations?userId=u1").then().statusCode(200).extract().jsonPath();
    assertThat(later.getString("modelVersion")).isEqualTo("big-sound");
    assertThat(given().get("/health").then().extract().jsonPath().getString("modelVersion"))
        .isEqualTo("big-sound");
  }

  /** ROWS items (i0 … ) × 64 random factors, the standard popular lists. */
  private static Model largeModel(String version) {
    SplittableRandom random = new SplittableRandom(version.hashCode());
    float[] factors = new float[ROWS * 64];
    for (int i = 0; i < factors.length; i++) {
      factors[i] = (float) random.nextGaussian() * 0.1f;
    }
    String[] ids = new String[ROWS];
    String[] categories = new String[ROWS];
    for (int r = 0; r < ROWS; r++) {
      ids[r] = "i" + r;
      categories[r] = r % 2 == 0 ? "shoes" : "bags";
    }
    ModelManifest manifest =
        new ModelManifest(
            ModelFiles.FORMAT_VERSION,
            version,
            Instant.now().minusSeconds(60),
            64,
            4,
            ROWS,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(ids),
        new FactorMatrix(factors, ROWS, 64),
        categories,
        PlantedModels.POPULAR,
        SimilarItems.none());
  }

  /**
   * Uploads {@code model} with one byte of its factor file's second part flipped (same size),
   * CURRENT on it.
   */
  private void publishWithSecondPartAltered(ModelStore store, Model model) throws IOException {
    Path dir = Files.createTempDirectory("aisle-model-");
    try {
      ModelFiles.write(model, dir);
      assertThat(
              ModelFiles.readManifest(ModelFiles.Source.of(dir))
                  .files()
                  .get(ModelFiles.ITEM_FACTORS)
                  .parts())
          .hasSize(2);
      store.upload(dir, model.version());
      byte[] factors = Files.readAllBytes(dir.resolve(ModelFiles.ITEM_FACTORS));
      factors[(int) ModelFiles.PART_BYTES + 7] ^= 0x10;
      s3.putObject(
          b -> b.bucket(store.bucket()).key(store.key(model.version(), ModelFiles.ITEM_FACTORS)),
          RequestBody.fromBytes(factors));
      store.setCurrent(model.version());
    } finally {
      ModelStore.deleteFolder(dir);
    }
  }
}
