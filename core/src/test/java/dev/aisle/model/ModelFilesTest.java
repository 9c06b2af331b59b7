package dev.aisle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  @TempDir
  Path dir;

  static Model sample() {
    FactorMatrix users = new FactorMatrix(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    FactorMatrix items = new FactorMatrix(new float[] {0.5f, -1, 2, 0, -0.25f, 1e-7f, 3, 3}, 4, 2);
    ModelManifest manifest = new ModelManifest(0, "20261128T120000Z-abc123", Instant.parse("2026-11-28T12:00:00Z"),
        0, 0, 0, 0, Map.of("factors", 2, "alpha", 40.0), Map.of("validation", Map.of("ndcg@10", 0.25)),
        Map.of("interactions", 9L), Map.of());
    PopularLists popular = new PopularLists(List.of(new RankedItem("i2", 9), new RankedItem("i1", 4)),
        Map.of("shoes", List.of(new RankedItem("i2", 9))));
    SimilarItems similar = new SimilarItems(2, new int[] {1, 2, 0, -1, 3, 0, 2, 1},
        new float[] {0.9f, 0.1f, 0.8f, 0, 0.7f, 0.2f, 0.6f, 0.5f});
    return new Model(manifest, new IdIndex(List.of("u1", "u2", "ü3")), new IdIndex(List.of("i1", "i2", "i3", "i4")),
        users, items, new String[] {"shoes", "", "hats", "shoes"}, popular, similar);
  }

  @Test
  void aWrittenModelReadsBackIdentically() {
    Model model = sample();
    ModelManifest written = ModelFiles.write(model, dir);

    Model back = ModelFiles.read(dir);

    assertThat(written.files().keySet()).containsExactlyInAnyOrderElementsOf(ModelFiles.DATA_FILES);
    assertThat(back.version()).isEqualTo("20261128T120000Z-abc123");
    assertThat(back.manifest().formatVersion()).isEqualTo(ModelFiles.FORMAT_VERSION);
    assertThat(back.manifest().users()).isEqualTo(3);
    assertThat(back.users().ids()).containsExactly("u1", "u2", "ü3");
    assertThat(back.items().rowOf("i3")).isEqualTo(2);
    assertThat(back.userFactors().data()).containsExactly(model.userFactors().data());
    assertThat(back.itemFactors().data()).containsExactly(model.itemFactors().data());
    assertThat(back.itemCategories()).containsExactly("shoes", "", "hats", "shoes");
    assertThat(back.popular()).isEqualTo(model.popular());
    assertThat(back.similar().neighbours()).containsExactly(model.similar().neighbours());
    assertThat(back.similar().scores()).containsExactly(model.similar().scores());
    assertThat(back.manifest().metrics()).isEqualTo(model.manifest().metrics());
  }

  @Test
  void aFlippedByteIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    try (RandomAccessFile file = new RandomAccessFile(dir.resolve(ModelFiles.ITEM_FACTORS).toFile(), "rw")) {
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
    Path users = dir.resolve(ModelFiles.USER_FACTORS);
    Files.write(users, java.util.Arrays.copyOf(Files.readAllBytes(users), 10));
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
    Files.writeString(dir.resolve(ModelFiles.ITEM_IDS), "extra\n", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }

  @Test
  void aGarbageManifestIsRefused() throws IOException {
    ModelFiles.write(sample(), dir);
    Files.writeString(dir.resolve(ModelFiles.MANIFEST), "{not json");
    assertThatThrownBy(() -> ModelFiles.read(dir)).isInstanceOf(CorruptModelException.class);
  }
}
