package dev.aisle.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import dev.aisle.storage.AisleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole precompute from files to a folder: shapes, segments, filtering, reruns. */
class CdnPrecomputeTest {

  @TempDir Path dir;

  private Path out;
  private Path catalog;
  private Path users;
  private Model model;

  @BeforeEach
  void files() throws Exception {
    model = TwoTastes.model("20260101T000000Z-test");
    out = dir.resolve("out");
    catalog = Fixtures.catalogCsv(dir, TwoTastes.catalog());
    users = Fixtures.usersCsv(dir, TwoTastes.profiles());
  }

  private PrecomputeSummary run(boolean prune) {
    PrecomputeRequest request =
        PrecomputeRequest.builder(new ModelInput.Loaded(model), out.toString())
            .shoppers(TwoTastes.shoppers())
            .catalog(new RecordSource.CsvFile(catalog))
            .profiles(new RecordSource.CsvFile(users))
            .segments(2)
            .k(5)
            .similarK(3)
            .minSupport(5)
            .prune(prune)
            .threads(4)
            .build();
    try (CdnPrecompute precompute = new CdnPrecompute(AisleSettings.fromEnv(Map.of()))) {
      return precompute.run(request);
    }
  }

  private JsonNode json(String path) throws Exception {
    return Json.mapper().readTree(out.resolve("v1").resolve(path).toFile());
  }

  @Test
  void popularListsCarryWhatAStorefrontRendersAndNeverUnavailableItems() throws Exception {
    run(true);
    JsonNode popular = json("popular.json");
    assertThat(popular.get("modelVersion").asText()).isEqualTo(model.version());
    assertThat(ids(popular.get("items"))).containsExactly("book-1", "shoe-2", "book-3");
    JsonNode first = popular.get("items").get(0);
    assertThat(first.get("score").asDouble()).isEqualTo(40.0);
    assertThat(first.get("title").asText()).isEqualTo("Book 1");
    assertThat(first.get("category").asText()).isEqualTo("Books & Magazines");
    assertThat(first.get("price").asDouble()).isEqualTo(11.0);

    JsonNode links = popular.get("categories");
    assertThat(links).hasSize(2);
    assertThat(links.get(0).get("category").asText()).isEqualTo("Books & Magazines");
    String booksPath = links.get(0).get("path").asText();
    assertThat(booksPath)
        .isEqualTo(CdnPaths.popularCategory("Books & Magazines"))
        .startsWith("popular/~");
    assertThat(links.get(1).get("path").asText()).isEqualTo("popular/Shoes.json");
    assertThat(ids(json(booksPath).get("items"))).containsExactly("book-1", "book-3");
    assertThat(json("popular/Shoes.json").get("category").asText()).isEqualTo("Shoes");
    assertThat(ids(json("popular/Shoes.json").get("items"))).containsExactly("shoe-2");
  }

  @Test
  void theSegmentIndexSendsEachContextToTheSegmentOfItsTasteAndCoversEveryShopper()
      throws Exception {
    PrecomputeSummary summary = run(true);
    SegmentIndex index =
        SegmentIndex.parse(Files.readAllBytes(out.resolve("v1/segments/index.json")));

    assertThat(summary.segments()).isEqualTo(2);
    assertThat(index.modelVersion()).isEqualTo(model.version());
    assertThat(index.attributes()).containsExactly("country", "device", "channel");
    assertThat(index.segments().stream().mapToLong(SegmentIndex.Segment::shoppers).sum())
        .isEqualTo(TwoTastes.SHOPPERS);
    assertThat(index.segments())
        .extracting(SegmentIndex.Segment::shoppers)
        .containsExactly(60L, 40L);
    assertThat(index.segment("s0").profile())
        .containsEntry("country", "de")
        .containsEntry("device", "mobile");

    SegmentList shoes = segmentList(index.assign(Map.of("country", "DE", "device", "mobile")));
    SegmentList books = segmentList(index.assign(Map.of("device", "desktop")));
    assertThat(shoes.items())
        .extracting(ListedItem::itemId)
        .containsExactly("shoe-1", "shoe-2", "shoe-3", "shoe-4", "shoe-5");
    assertThat(books.items()).extracting(ListedItem::itemId).startsWith("book-0", "book-1");
    assertThat(books.shoppers()).isEqualTo(40);
    assertThat(shoes.items().get(0).title()).isEqualTo("Shoe 1");
    assertThat(index.assign(Map.of("country", "jp"))).isEqualTo(index.fallback()).isEqualTo("s0");
  }

  @Test
  void similarListsSkipHiddenItemsAndOddIdsGetSafeFileNames() throws Exception {
    PrecomputeSummary summary = run(true);
    assertThat(summary.similarLists()).isEqualTo(20);
    JsonNode shoe9 = json("similar/shoe-9.json");
    assertThat(shoe9.get("itemId").asText()).isEqualTo("shoe-9");
    assertThat(ids(shoe9.get("items")))
        .containsExactly("shoe-1", "shoe-2"); // shoe-0 is unavailable
    assertThat(shoe9.get("items").get(0).get("score").asDouble()).isEqualTo(0.8);

    String odd = CdnPaths.similar(TwoTastes.ODD_ID);
    assertThat(odd).startsWith("similar/~").doesNotContain("/7").doesNotContain(" ");
    assertThat(json(odd).get("itemId").asText()).isEqualTo(TwoTastes.ODD_ID);
  }

  @Test
  void aRerunOnAnUnchangedModelWritesNothingAndAChangeRewritesOnlyWhatShowsIt() throws Exception {
    PrecomputeSummary first = run(true);
    assertThat(first.upload().uploaded())
        .isEqualTo(first.upload().documents())
        .isEqualTo(
            20 + 2 + 2 + 1 + 1); // similar, popular per category, segments, popular.json, index

    PrecomputeSummary again = run(true);
    assertThat(again.upload().uploaded()).isZero();
    assertThat(again.upload().unchanged()).isEqualTo(first.upload().documents());
    assertThat(again.upload().changedKeys()).isEmpty();

    List<Item> items = new ArrayList<>(TwoTastes.catalog());
    items.replaceAll(
        i ->
            i.itemId().equals("book-3")
                ? new Item(i.itemId(), i.title(), i.category(), 99.0, i.tags(), i.available())
                : i);
    catalog = Fixtures.catalogCsv(dir, items);
    PrecomputeSummary changed = run(true);
    // book-3 shows in popular.json, popular/<books>.json, the book segment and 3 similar lists
    assertThat(changed.upload().changedKeys())
        .contains("v1/popular.json", "v1/similar/book-2.json")
        .doesNotContain("v1/similar/shoe-5.json", "v1/popular/Shoes.json");
    assertThat(changed.upload().uploaded()).isEqualTo(changed.upload().changedKeys().size());
    // a changed segment list moves the run's lists to a new prefix: both lists and the index, once
    // each
    String lists =
        "v1/"
            + SegmentIndex.parse(Files.readAllBytes(out.resolve("v1/segments/index.json"))).lists();
    assertThat(changed.upload().changedKeys())
        .filteredOn(k -> k.startsWith("v1/segments/"))
        .containsExactlyInAnyOrder("v1/segments/index.json", lists + "s0.json", lists + "s1.json");
    assertThat(changed.upload().changedKeys())
        .filteredOn(k -> !k.startsWith("v1/segments/"))
        .hasSizeBetween(3, 7);
  }

  @Test
  void objectsNoLongerProducedArePrunedUnlessAskedToKeepThem() throws Exception {
    run(true);
    Path stale = out.resolve("v1/similar/gone.json");
    Files.writeString(stale, "{}");
    // similar lists are never listed while the digest of the last run is there (SimilarUploaderTest
    // shows an item dropped from the model deleted through it): an object the digest never knew is
    // found by the one listing a run without digest makes, and remembered for the run that prunes
    Files.delete(out.resolve(CdnPaths.SIMILAR_DIGEST));
    PrecomputeSummary kept = run(false);
    assertThat(stale).exists();
    assertThat(kept.upload().deleted()).isZero();

    PrecomputeSummary pruned = run(true);
    assertThat(stale).doesNotExist();
    assertThat(pruned.upload().deleted()).isEqualTo(1);
    assertThat(pruned.upload().changedKeys()).containsExactly("v1/similar/gone.json");
  }

  @Test
  void withoutCatalogOrProfilesListsCarryIdsAndScoresAndSegmentsUseVectorsOnly() throws Exception {
    PrecomputeRequest request =
        PrecomputeRequest.builder(new ModelInput.Loaded(model), out.toString())
            .shoppers(TwoTastes.shoppers())
            .segments(2)
            .k(3)
            .build();
    try (CdnPrecompute precompute = new CdnPrecompute(AisleSettings.fromEnv(Map.of()))) {
      precompute.run(request);
    }
    JsonNode popular = json("popular.json");
    assertThat(ids(popular.get("items"))).containsExactly("shoe-0", "book-1", "shoe-2");
    assertThat(popular.get("items").get(0).has("title")).isFalse();
    SegmentIndex index =
        SegmentIndex.parse(Files.readAllBytes(out.resolve("v1/segments/index.json")));
    assertThat(index.rules()).isEmpty();
    assertThat(index.segments())
        .extracting(SegmentIndex.Segment::shoppers)
        .containsExactly(60L, 40L);
  }

  @Test
  void aModelFolderWithCurrentIsReadLikeTheBucket() throws Exception {
    Path models = dir.resolve("models");
    dev.aisle.model.ModelFiles.write(model, models.resolve(model.version()));
    Files.writeString(models.resolve("CURRENT"), model.version() + "\n");
    assertThat(ModelInput.parse(models.toString(), Optional.empty()).load(() -> null).version())
        .isEqualTo(model.version());
  }

  /** A segment's list as a client finds it: under the prefix the index names. */
  private SegmentList segmentList(String id) throws Exception {
    SegmentIndex index =
        SegmentIndex.parse(Files.readAllBytes(out.resolve("v1/segments/index.json")));
    assertThat(index.lists())
        .matches(
            "segments/" + java.util.regex.Pattern.quote(index.modelVersion()) + "-[0-9a-f]{8}/");
    return SegmentList.parse(
        Files.readAllBytes(out.resolve("v1/" + CdnPaths.segmentIn(index.lists(), id))));
  }

  private static List<String> ids(JsonNode items) {
    List<String> ids = new ArrayList<>();
    for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
      ids.add(it.next().get("itemId").asText());
    }
    return ids;
  }
}
