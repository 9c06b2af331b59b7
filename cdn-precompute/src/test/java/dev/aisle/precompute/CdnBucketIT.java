package dev.aisle.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.precompute.source.S3Location;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.s3.ModelStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The precompute against the local stack, end to end through the product's stores: model from the
 * models bucket (CURRENT), catalog and profiles from DynamoDB, objects into the CDN bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CdnBucketIT {

  private static PrecomputeStack stack;
  private static Model model;

  @TempDir static Path dir;

  @BeforeAll
  static void plant() {
    stack = new PrecomputeStack();
    model = TwoTastes.model("20260102T000000Z-it");
    Path folder = dir.resolve("model");
    ModelFiles.write(model, folder);
    new ModelStore(stack.s3, stack.settings.modelsBucket()).publish(folder, model.version());
    new ItemStore(stack.dynamo, stack.settings.itemsTable()).putAll(TwoTastes.catalog());
    new UserStore(stack.dynamo, stack.settings.usersTable()).putAll(TwoTastes.profiles());
  }

  @AfterAll
  static void remove() {
    if (stack != null) {
      stack.close();
    }
  }

  private static PrecomputeSummary run() {
    PrecomputeRequest request =
        PrecomputeRequest.builder(
                new ModelInput.FromS3(
                    new S3Location(stack.settings.modelsBucket(), ModelStore.DEFAULT_PREFIX),
                    Optional.empty()),
                "s3://" + stack.settings.cdnBucket() + "/")
            .shoppers(TwoTastes.shoppers())
            .catalog(new RecordSource.Table(stack.settings.itemsTable()))
            .profiles(new RecordSource.Table(stack.settings.usersTable()))
            .segments(2)
            .k(5)
            .similarK(3)
            .minSupport(5)
            .build();
    try (CdnPrecompute precompute = new CdnPrecompute(stack.settings)) {
      return precompute.run(request);
    }
  }

  @Test
  @Order(1)
  void objectsAreGzippedJsonWithCacheHeaders() throws Exception {
    PrecomputeSummary summary = run();
    assertThat(summary.modelVersion()).isEqualTo(model.version());
    assertThat(summary.profiled()).isEqualTo(TwoTastes.SHOPPERS);
    assertThat(summary.upload().uploaded()).isEqualTo(26);
    assertThat(summary.invalidation()).isEqualTo("logged");

    List<String> keys =
        stack
            .s3
            .listObjectsV2Paginator(b -> b.bucket(stack.settings.cdnBucket()))
            .contents()
            .stream()
            .map(o -> o.key())
            .toList();
    // the public layout under v1/, and beside it the digest of the similar lists (the precompute's
    // own)
    assertThat(keys).hasSize(27).contains(CdnPaths.SIMILAR_DIGEST);
    assertThat(keys.stream().filter(k -> !k.equals(CdnPaths.SIMILAR_DIGEST)))
        .hasSize(26)
        .allMatch(k -> k.startsWith("v1/"))
        .contains(
            "v1/popular.json",
            "v1/segments/index.json",
            "v1/" + lists() + "s0.json",
            "v1/" + lists() + "s1.json",
            "v1/popular/Shoes.json",
            "v1/similar/shoe-1.json",
            "v1/" + CdnPaths.similar(TwoTastes.ODD_ID));
    for (String key :
        List.of("v1/popular.json", "v1/segments/index.json", "v1/similar/shoe-1.json")) {
      HeadObjectResponse head =
          stack.s3.headObject(b -> b.bucket(stack.settings.cdnBucket()).key(key));
      assertThat(head.contentType()).as(key).isEqualTo("application/json");
      // S3 drops the SDK's transfer marker "aws-chunked" from what it stores; S3Mock 5.2.0 keeps it
      // when it comes with another encoding (the local web server strips it).
      assertThat(head.contentEncoding().replace(",aws-chunked", "")).as(key).isEqualTo("gzip");
      assertThat(head.cacheControl())
          .as(key)
          .isEqualTo("public, max-age=300, stale-while-revalidate=3600");
    }

    byte[] stored = object("v1/popular.json");
    assertThat(stored[0] & 0xff).isEqualTo(0x1f);
    JsonNode popular =
        Json.mapper().readTree(new GZIPInputStream(new ByteArrayInputStream(stored)));
    assertThat(popular.get("items").get(0).get("itemId").asText()).isEqualTo("book-1");
    SegmentIndex index = SegmentIndex.parse(object("v1/segments/index.json"));
    assertThat(index.segments().stream().mapToLong(SegmentIndex.Segment::shoppers).sum())
        .isEqualTo(TwoTastes.SHOPPERS);
    assertThat(index.assign(Map.of("country", "de"))).isEqualTo("s0");
  }

  @Test
  @Order(2)
  void aRerunOnTheUnchangedModelUploadsNothing() {
    PrecomputeSummary again = run();
    assertThat(again.upload().uploaded()).isZero();
    assertThat(again.upload().unchanged()).isEqualTo(26);
    assertThat(again.invalidation()).isEqualTo("none");
  }

  @Test
  @Order(3)
  void anItemGoingOutOfStockRewritesOnlyTheListsThatShowedIt() throws Exception {
    Item book1 =
        TwoTastes.catalog().stream()
            .filter(i -> i.itemId().equals("book-1"))
            .findFirst()
            .orElseThrow();
    new ItemStore(stack.dynamo, stack.settings.itemsTable())
        .putAll(
            List.of(
                new Item(
                    book1.itemId(),
                    book1.title(),
                    book1.category(),
                    book1.price(),
                    book1.tags(),
                    false)));

    PrecomputeSummary changed = run();
    // book-1: popular.json, popular/<books>, the book segment, and the similar lists of book-0 and
    // book-9
    // the book segment's list changed: the lists go under a new run's prefix, and the index names
    // it
    assertThat(changed.upload().changedKeys())
        .contains(
            "v1/popular.json",
            "v1/similar/book-0.json",
            "v1/similar/book-9.json",
            "v1/segments/index.json",
            "v1/" + lists() + "s0.json")
        .doesNotContain("v1/similar/shoe-3.json");
    assertThat(changed.upload().uploaded()).isEqualTo(changed.upload().changedKeys().size());
    assertThat(changed.upload().changedKeys())
        .filteredOn(k -> k.startsWith("v1/segments/"))
        .containsExactlyInAnyOrder(
            "v1/segments/index.json", "v1/" + lists() + "s0.json", "v1/" + lists() + "s1.json");
    assertThat(changed.upload().changedKeys())
        .filteredOn(k -> !k.startsWith("v1/segments/"))
        .hasSizeLessThan(7);
    JsonNode popular =
        Json.mapper()
            .readTree(new GZIPInputStream(new ByteArrayInputStream(object("v1/popular.json"))));
    assertThat(popular.toString()).doesNotContain("\"book-1\"");
  }

  /** The prefix of the lists the published index names. */
  private static String lists() {
    return SegmentIndex.parse(object("v1/segments/index.json")).lists();
  }

  private static byte[] object(String key) {
    return stack
        .s3
        .getObjectAsBytes(b -> b.bucket(stack.settings.cdnBucket()).key(key))
        .asByteArray();
  }
}
