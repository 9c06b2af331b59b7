package dev.aisle.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurchasedItemsFilesTest {

  @TempDir
  Path dir;

  @Test
  void purchasedItemsRoundTripAndOlderModelsReadAsNone() throws Exception {
    PurchasedItems purchased = new PurchasedItems(new int[] {0, 2, 2, 3}, new int[] {0, 2, 1});
    Model model = new Model(manifest(), new IdIndex(new String[] {"u1", "u2", "u3"}),
        new IdIndex(new String[] {"a", "b", "c"}), new FactorMatrix(3, 2), new FactorMatrix(3, 2),
        new String[] {"", "", ""}, PopularLists.empty(), SimilarItems.none(), purchased);
    ModelFiles.write(model, dir.resolve("v1"));
    Model read = ModelFiles.read(dir.resolve("v1"));
    assertThat(read.purchased().contains(0, 2)).isTrue();
    assertThat(read.purchased().contains(0, 1)).isFalse();
    assertThat(read.purchased().itemsOf(1)).isEmpty();
    assertThat(read.purchased().itemsOf(2)).containsExactly(1);

    // a model written before the file existed: drop it from the manifest and the folder
    Path manifestFile = dir.resolve("v1").resolve(ModelFiles.MANIFEST);
    ModelManifest m = dev.aisle.json.Json.mapper().readValue(manifestFile.toFile(), ModelManifest.class);
    Map<String, ModelManifest.FileEntry> files = new HashMap<>(m.files());
    files.remove(ModelFiles.PURCHASED);
    dev.aisle.json.Json.mapper().writeValue(manifestFile.toFile(), m.withFiles(files));
    Files.delete(dir.resolve("v1").resolve(ModelFiles.PURCHASED));
    assertThat(ModelFiles.read(dir.resolve("v1")).purchased().isEmpty()).isTrue();
  }

  @Test
  void aModelWithoutPurchasesStillWritesAReadableFile() {
    Model model = new Model(manifest(), new IdIndex(new String[] {"u1"}), new IdIndex(new String[] {"a"}),
        new FactorMatrix(1, 2), new FactorMatrix(1, 2), new String[] {""}, PopularLists.empty(), SimilarItems.none());
    ModelFiles.write(model, dir.resolve("v2"));
    assertThat(ModelFiles.read(dir.resolve("v2")).purchased().contains(0, 0)).isFalse();
  }

  private static ModelManifest manifest() {
    return new ModelManifest(ModelFiles.FORMAT_VERSION, "v", Instant.parse("2026-01-01T00:00:00Z"), 2, 0, 0, 0,
        null, null, null, null);
  }
}
