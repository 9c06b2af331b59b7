package dev.aisle.stream;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import dev.aisle.storage.s3.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * A small model with planted taste: items {@code shoes-0..9} point along one axis, {@code
 * books-0..9} along another. Published with the product's own {@link ModelStore}.
 */
public final class PlantedModel {

  public static final int FACTORS = 8;
  static final int ITEMS_PER_CATEGORY = 10;

  private PlantedModel() {}

  public static Model build(String version) {
    int items = 2 * ITEMS_PER_CATEGORY;
    String[] itemIds = new String[items];
    String[] categories = new String[items];
    float[] data = new float[items * FACTORS];
    Random random = new Random(42);
    for (int i = 0; i < items; i++) {
      boolean shoes = i < ITEMS_PER_CATEGORY;
      itemIds[i] = (shoes ? "shoes-" : "books-") + (i % ITEMS_PER_CATEGORY);
      categories[i] = shoes ? "shoes" : "books";
      data[i * FACTORS + (shoes ? 0 : 1)] = 1f;
      for (int d = 2; d < FACTORS; d++) {
        data[i * FACTORS + d] = (float) random.nextGaussian() * 0.01f;
      }
    }
    ModelManifest manifest =
        new ModelManifest(
            ModelFiles.FORMAT_VERSION,
            version,
            Instant.now(),
            FACTORS,
            1,
            items,
            0,
            Map.of("alpha", 20, "regularization", 0.5),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(itemIds),
        new FactorMatrix(data, items, FACTORS),
        categories,
        PopularLists.empty(),
        SimilarItems.none());
  }

  /** Writes {@code model} and points CURRENT at it. */
  public static void publish(ModelStore store, Model model) {
    try {
      Path dir = Files.createTempDirectory("aisle-planted-model");
      try {
        ModelFiles.write(model, dir);
        store.publish(dir, model.version());
      } finally {
        ModelStore.deleteFolder(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
