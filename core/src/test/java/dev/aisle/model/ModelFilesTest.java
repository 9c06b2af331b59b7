package dev.aisle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  @TempDir Path dir;

  static Model sample() {
    FactorMatrix items = new FactorMatrix(new float[] {0.5f, -1, 2, 0, -0.25f, 1e-7f, 3, 3}, 4, 2);
    ModelManifest manifest =
        new ModelManifest(
            0,
            "20261128T120000Z-abc123",
            Instant.parse("2026-11-28T12:00:00Z"),
            0,
            3,
            0,
            0,
            Map.of("factors", 2, "alpha", 40.0),
            Map.of("validation", Map.of("ndcg@10", 0.25)),
            Map.of("interactions", 9L),
            Map.of(),
            ModelManifest.SINGLE_NODE,
            Instant.parse("2026-11-28T11:55:00Z"));
    PopularLists popular =
        new PopularLists(
            List.of(new RankedItem("i2", 9), new RankedItem("i1", 4)),
            Map.of("shoes", List.of(new RankedItem("i2", 9))));
    SimilarItems similar =
        new SimilarItems(
            2,
            new int[] {1, 2, 0, -1, 3, 0, 2, 1},
            new float[] {0.9f, 0.1f, 0.8f, 0, 0.7f, 0.2f, 0.6f, 0.5f});
    ModelCatalog catalog =
        new ModelCatalog(
            List.of(
                new Item("i1", "Red shoe", "shoes", 10.0, List.of("red"), true),
                new Item("i3", "Hat", "hats", null, List.of(), false)));
    return new Model(
        manifest,
        new IdIndex(List.of("i1", "i2", "i3", "i4")),
        items,
        new String[] {"shoes", "", "hats", "shoes"},
        null,
        popular,
        similar,
        null,
        catalog);
  }

  @Test
  void aWrittenModelReadsBackIdentically() {
    Model model = sample();
    ModelManifest written = ModelFiles.write(model, dir);

    Model back = ModelFiles.read(dir);

    assertThat(written.files().keySet())
        .containsExactlyInAnyOrder(
            ModelFiles.ITEM_IDS,
            ModelFiles.ITEM_CATEGORIES,
            ModelFiles.ITEM_FACTORS,
            ModelFiles.ITEM_GRAMIAN,
            ModelFiles.POPULAR,
            ModelFiles.SIMILAR_ITEMS,
            ModelFiles.SIMILAR_SCORES,
            ModelFiles.CATALOG_ITEMS);
    assertThat(back.version()).isEqualTo("20261128T120000Z-abc123");
    assertThat(back.manifest().formatVersion()).isEqualTo(ModelFiles.FORMAT_VERSION);
    assertThat(back.manifest().users()).isEqualTo(3);
    assertThat(back.manifest().engine()).isEqualTo(ModelManifest.SINGLE_NODE);
    assertThat(back.manifest().cut()).isEqualTo(Instant.parse("2026-11-28T11:55:00Z"));
    assertThat(back.items().rowOf("i3")).isEqualTo(2);
    assertThat(back.itemFactors().data()).containsExactly(model.itemFactors().data());
    assertThat(back.itemGramian()).containsExactly(Model.gramian(model.itemFactors()));
    assertThat(back.itemCategories()).containsExactly("shoes", "", "hats", "shoes");
    assertThat(back.popular()).isEqualTo(model.popular());
    assertThat(back.similar().neighbours()).containsExactly(model.similar().neighbours());
    assertThat(back.similar().scores()).containsExactly(model.similar().scores());
    assertThat(back.manifest().metrics()).isEqualTo(model.manifest().metrics());
    assertThat(back.catalog().items()).isEqualTo(model.catalog().items());
    assertThat(back.catalog().unavailableIds()).containsExactly("i3");
    assertThat(back.graph()).isNull();
  }

  @Test
  void theEssentialPartsLeaveTheSimilarItemsToALaterVerifiedRead() throws IOException {
    Model model = sample();
    ModelFiles.write(model, dir);
    Model essential =
        ModelFiles.read(ModelFiles.Source.of(dir), Runnable::run, ModelFiles.Parts.ESSENTIAL);
    assertThat(essential.similar().isEmpty()).isTrue();
    assertThat(essential.itemFactors().data()).containsExactly(model.itemFactors().data());
    SimilarItems later =
        ModelFiles.readSimilar(ModelFiles.Source.of(dir), essential.manifest(), Runnable::run);
    assertThat(later.perItem()).isEqualTo(2);
    assertThat(later.neighbours()).containsExactly(model.similar().neighbours());
    assertThat(later.scores()).containsExactly(model.similar().scores());

    byte[] scores = Files.readAllBytes(dir.resolve(ModelFiles.SIMILAR_SCORES));
    scores[1] ^= 0x01;
    Files.write(dir.resolve(ModelFiles.SIMILAR_SCORES), scores);
    assertThatThrownBy(
            () ->
                ModelFiles.readSimilar(
                    ModelFiles.Source.of(dir), essential.manifest(), Runnable::run))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(ModelFiles.SIMILAR_SCORES);
  }

  @Test
  void aModelWithAGraphAndLargeFactorsReadsBackInVerifiedParts() throws Exception {
    // more than PART_BYTES of factors: they are written with per-part checksums and read in
    // parallel
    int rows = (int) (ModelFiles.PART_BYTES / (8 * Float.BYTES)) + 1000;
    float[] data = new float[rows * 8];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    String[] ids = new String[rows];
    String[] categories = new String[rows];
    for (int r = 0; r < rows; r++) {
      ids[r] = "item-" + r;
      categories[r] = "c" + (r % 3);
    }
    FactorMatrix factors = new FactorMatrix(data, rows, 8);
    ItemGraph graph =
        ItemGraphBuilder.build(
            new FactorMatrix(java.util.Arrays.copyOf(data, 2000 * 8), 2000, 8),
            ItemGraphBuilder.Geometry.INNER_PRODUCT,
            ItemGraphBuilder.Settings.defaults(1));
    // the graph must cover every row: use a small model for it
    assertThatThrownBy(
            () ->
                new Model(
                    manifest("big"),
                    new IdIndex(ids),
                    factors,
                    categories,
                    null,
                    PopularLists.empty(),
                    SimilarItems.none(),
                    graph,
                    null))
        .isInstanceOf(IllegalArgumentException.class);

    Model big =
        new Model(
            manifest("big"),
            new IdIndex(ids),
            factors,
            categories,
            PopularLists.empty(),
            SimilarItems.none());
    ModelManifest written = ModelFiles.write(big, dir);
    assertThat(written.files().get(ModelFiles.ITEM_FACTORS).parts()).hasSize(2);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Model back = ModelFiles.read(ModelFiles.Source.of(dir), pool, ModelFiles.Parts.ALL);
      assertThat(java.util.Arrays.equals(back.itemFactors().data(), data)).isTrue();
      assertThat(back.itemCategories()[4]).isSameAs(back.itemCategories()[1]);
    } finally {
      pool.shutdown();
    }

    // a byte flipped in the second part names that part
    try (RandomAccessFile file =
        new RandomAccessFile(dir.resolve(ModelFiles.ITEM_FACTORS).toFile(), "rw")) {
      file.seek(ModelFiles.PART_BYTES + 3);
      int b = file.read();
      file.seek(ModelFiles.PART_BYTES + 3);
      file.write(b ^ 0x01);
    }
    assertThatThrownBy(() -> ModelFiles.read(dir))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("part at " + ModelFiles.PART_BYTES);

    Path small = dir.resolve("small");
    String[] smallIds = java.util.Arrays.copyOf(ids, 2000);
    Model withGraph =
        new Model(
            manifest("small"),
            new IdIndex(smallIds),
            new FactorMatrix(java.util.Arrays.copyOf(data, 2000 * 8), 2000, 8),
            java.util.Arrays.copyOf(categories, 2000),
            null,
            PopularLists.empty(),
            SimilarItems.none(),
            graph,
            null);
    ModelFiles.write(withGraph, small);
    assertThat(
            ModelFiles.read(ModelFiles.Source.of(small), Runnable::run, ModelFiles.Parts.ESSENTIAL)
                .graph())
        .isNull();
    ItemGraph back = ModelFiles.read(small).graph();
    assertThat(back.edges()).isEqualTo(graph.edges());
    assertThat(back.levels()).isEqualTo(graph.levels());
  }

  @Test
  void largeFactorsReadWithTheirChecksumsAfterAreTheSameAndAFlippedByteIsFoundLater()
      throws Exception {
    int rows = (int) (ModelFiles.PART_BYTES / (8 * Float.BYTES)) + 1000;
    float[] data = new float[rows * 8];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    data[5] =
        Float.intBitsToFloat(0x7fc00001); // a NaN with a payload: hashed bit for bit, not canonical
    String[] ids = new String[rows];
    String[] categories = new String[rows];
    for (int r = 0; r < rows; r++) {
      ids[r] = "item-" + r;
      categories[r] = "";
    }
    ModelFiles.write(
        new Model(
            manifest("big"),
            new IdIndex(ids),
            new FactorMatrix(data, rows, 8),
            categories,
            PopularLists.empty(),
            SimilarItems.none()),
        dir);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Model sound =
          ModelFiles.read(
              ModelFiles.Source.of(dir),
              pool,
              ModelFiles.Parts.ESSENTIAL,
              ModelFiles.Checksums.FACTOR_PARTS_AFTER);
      assertThat(java.util.Arrays.equals(sound.itemFactors().data(), data)).isTrue();
      ModelFiles.verifyFactors(sound, pool);

      // a byte flipped in the second part: read (sizes hold), then found by the later check
      try (RandomAccessFile file =
          new RandomAccessFile(dir.resolve(ModelFiles.ITEM_FACTORS).toFile(), "rw")) {
        file.seek(ModelFiles.PART_BYTES + 3);
        int b = file.read();
        file.seek(ModelFiles.PART_BYTES + 3);
        file.write(b ^ 0x01);
      }
      Model flipped =
          ModelFiles.read(
              ModelFiles.Source.of(dir),
              pool,
              ModelFiles.Parts.ESSENTIAL,
              ModelFiles.Checksums.FACTOR_PARTS_AFTER);
      assertThatThrownBy(() -> ModelFiles.verifyFactors(flipped, pool))
          .isInstanceOf(CorruptModelException.class)
          .hasMessageContaining("part at " + ModelFiles.PART_BYTES);
      assertThatThrownBy(
              () -> ModelFiles.read(ModelFiles.Source.of(dir), pool, ModelFiles.Parts.ESSENTIAL))
          .isInstanceOf(CorruptModelException.class);

      // a short factor file is refused at once, checksums deferred or not
      Path factors = dir.resolve(ModelFiles.ITEM_FACTORS);
      Files.write(
          factors,
          java.util.Arrays.copyOf(Files.readAllBytes(factors), (int) Files.size(factors) - 4));
      assertThatThrownBy(
              () ->
                  ModelFiles.read(
                      ModelFiles.Source.of(dir),
                      pool,
                      ModelFiles.Parts.ESSENTIAL,
                      ModelFiles.Checksums.FACTOR_PARTS_AFTER))
          .isInstanceOf(CorruptModelException.class);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void smallFilesAreCheckedBeforeEvenWhenFactorPartsAreCheckedAfter() throws IOException {
    ModelFiles.write(sample(), dir);
    Path factors = dir.resolve(ModelFiles.ITEM_FACTORS);
    byte[] bytes = Files.readAllBytes(factors);
    bytes[0] ^= 0x01;
    Files.write(factors, bytes);
    assertThatThrownBy(
            () ->
                ModelFiles.read(
                    ModelFiles.Source.of(dir),
                    Runnable::run,
                    ModelFiles.Parts.ESSENTIAL,
                    ModelFiles.Checksums.FACTOR_PARTS_AFTER))
        .isInstanceOf(CorruptModelException.class);
  }

  @Test
  void aFormatOneModelIsReadForItsItemSideOnly() throws IOException {
    // what an older trainer published: shopper ids, factors and purchases beside the item files
    FactorMatrix items = new FactorMatrix(new float[] {1, 0, 0, 1, 0.5f, 0.5f}, 3, 2);
    Map<String, ModelManifest.FileEntry> files = new HashMap<>();
    files.put(ModelFiles.USER_IDS, put(ModelFiles.USER_IDS, "u1\n".getBytes()));
    files.put(ModelFiles.USER_FACTORS, put(ModelFiles.USER_FACTORS, floats(1, 0)));
    files.put(ModelFiles.ITEM_IDS, put(ModelFiles.ITEM_IDS, "a\nb\nc\n".getBytes()));
    files.put(ModelFiles.ITEM_CATEGORIES, put(ModelFiles.ITEM_CATEGORIES, "x\nx\ny\n".getBytes()));
    files.put(ModelFiles.ITEM_FACTORS, put(ModelFiles.ITEM_FACTORS, floats(items.data())));
    files.put(
        ModelFiles.POPULAR,
        put(ModelFiles.POPULAR, "{\"overall\":[{\"itemId\":\"a\",\"score\":3}]}".getBytes()));
    files.put(ModelFiles.SIMILAR_ITEMS, put(ModelFiles.SIMILAR_ITEMS, new byte[0]));
    files.put(ModelFiles.SIMILAR_SCORES, put(ModelFiles.SIMILAR_SCORES, new byte[0]));
    ModelManifest v1 =
        new ModelManifest(
            1,
            "v1-old",
            Instant.parse("2026-10-01T00:00:00Z"),
            2,
            1,
            3,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            files,
            null,
            null);
    Files.write(dir.resolve(ModelFiles.MANIFEST), Json.mapper().writeValueAsBytes(v1));
    // the shopper files are never fetched: deleting them changes nothing
    Files.delete(dir.resolve(ModelFiles.USER_FACTORS));

    Model read = ModelFiles.read(dir);

    assertThat(read.items().ids()).containsExactly("a", "b", "c");
    assertThat(read.itemFactors().data()).containsExactly(items.data());
    assertThat(read.itemGramian()).containsExactly(Model.gramian(items));
    assertThat(read.manifest().seenUntil()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    assertThat(read.popular().overall()).extracting(RankedItem::itemId).containsExactly("a");
  }

  @Test
  void anUnknownFormatIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    String manifest = Files.readString(dir.resolve(ModelFiles.MANIFEST));
    Files.writeString(
        dir.resolve(ModelFiles.MANIFEST),
        manifest.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3"));
    assertThatThrownBy(() -> ModelFiles.read(dir))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("unsupported model format 3");
  }

  @Test
  void aFlippedByteIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    try (RandomAccessFile file =
        new RandomAccessFile(dir.resolve(ModelFiles.ITEM_FACTORS).toFile(), "rw")) {
      file.seek(5);
      int b = file.read();
      file.seek(5);
      file.write(b ^ 0x40);
    }
    assertThatThrownBy(() -> ModelFiles.read(dir))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining(ModelFiles.ITEM_FACTORS);
  }

  @Test
  void aTruncatedFileIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    Path gramian = dir.resolve(ModelFiles.ITEM_GRAMIAN);
    Files.write(gramian, java.util.Arrays.copyOf(Files.readAllBytes(gramian), 10));
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }

  @Test
  void aMissingFileIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    Files.delete(dir.resolve(ModelFiles.POPULAR));
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }

  @Test
  void anAppendedTailIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    Files.writeString(
        dir.resolve(ModelFiles.ITEM_IDS), "extra\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }

  @Test
  void aGarbageManifestIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    Files.writeString(dir.resolve(ModelFiles.MANIFEST), "{not json");
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }

  private static ModelManifest manifest(String version) {
    return new ModelManifest(
        ModelFiles.FORMAT_VERSION,
        version,
        Instant.parse("2026-11-28T12:00:00Z"),
        8,
        0,
        0,
        0,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of());
  }

  private ModelManifest.FileEntry put(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
    return new ModelManifest.FileEntry(bytes.length, ModelFiles.sha256(bytes));
  }

  private static byte[] floats(float... values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }
}
