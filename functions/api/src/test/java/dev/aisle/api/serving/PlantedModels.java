package dev.aisle.api.serving;

import dev.aisle.catalog.Item;
import dev.aisle.event.EventType;
import dev.aisle.model.BlendSettings;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.s3.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Small models with known answers, built with core's classes and published with the product's
 * {@link ModelStore}. Two factors; items i0..i9, i0..i3 "shoes", i4..i8 "bags", i9 "hats":
 *
 * <pre>
 *   i0 (1.0, 0.1)  i1 (0.9, 0.2)  i2 (0.8, 0.3)  i3 (0.7, 0.0)  i4 (0.6, 0.5)
 *   i5 (0.5, 0.1)  i6 (0.4, 0.0)  i7 (0.3, 0.2)  i8 (0.3, 0.2)  i9 (0.0, 1.0)
 * </pre>
 *
 * Models carry no shoppers: {@link #plantShoppers} stores their events and states. u1 viewed i0 and
 * clicked i1 (before the model's cut), which folds in to about (1.05, −0.01): it ranks i0, i1, … i8
 * (i7 and i8 tie: i7 first), i9, as the model's own u1 (1, 0) did; u2 did the same and bought i9;
 * u4 has a vector the stream solved against v1 (1, 0).
 */
public final class PlantedModels {

  static final String[] ITEMS = {"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9"};
  static final String[] CATEGORIES = {
    "shoes", "shoes", "shoes", "shoes", "bags", "bags", "bags", "bags", "bags", "hats"
  };
  static final float[] ITEM_FACTORS = {
    1.0f, 0.1f, 0.9f, 0.2f, 0.8f, 0.3f, 0.7f, 0.0f, 0.6f, 0.5f,
    0.5f, 0.1f, 0.4f, 0.0f, 0.3f, 0.2f, 0.3f, 0.2f, 0.0f, 1.0f
  };
  static final PopularLists POPULAR =
      new PopularLists(
          List.of(rank("i9", 90), rank("i8", 80), rank("i7", 70), rank("i6", 60), rank("i5", 50)),
          Map.of("shoes", List.of(rank("i3", 30), rank("i2", 20))));

  /** Long before any planted model's cut. */
  static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  private PlantedModels() {}

  /** The standard model. */
  static Model model(String version) {
    return model(version, ITEM_FACTORS.clone());
  }

  /**
   * The standard model with i9 at (2.5, 0.5): it comes first for u1, whose events fold in to about
   * (1.03, −0.21) against it (i9 2.47, then i0 1.01). (At (2, 2), as when u1's vector was planted
   * in the model as (1, 0), the fold-in turns away from i9: i0 would stay first.)
   */
  static Model i9FirstModel(String version) {
    float[] factors = ITEM_FACTORS.clone();
    factors[18] = 2.5f;
    factors[19] = 0.5f;
    return model(version, factors);
  }

  /**
   * {@link #i9FirstModel} shipping its catalog as it was at the cut: every item available but i9.
   * Only the shipped catalog says so (the items table never saw i9 unavailable).
   */
  static Model i9FirstWithCatalogHidingI9(String version) {
    Model base = i9FirstModel(version);
    List<Item> catalog = new java.util.ArrayList<>();
    for (int i = 0; i < ITEMS.length; i++) {
      catalog.add(
          new Item(
              ITEMS[i],
              "item " + ITEMS[i],
              CATEGORIES[i],
              10.0,
              List.of(),
              !ITEMS[i].equals("i9")));
    }
    return new Model(
        base.manifest(),
        base.items(),
        base.itemFactors(),
        base.itemCategories(),
        null,
        base.popular(),
        base.similar(),
        null,
        new ModelCatalog(catalog));
  }

  /**
   * The standard model as a blend (w = 0.5) whose item-kNN lists name i8 as the only neighbour of
   * i0 and of i1: u1 (view i0, click i1) gets item-kNN 2.0 on i8, so the blend ranks i8 (ALS 0.3 of
   * about 1.06 normalized, 0.15 + 0.5) above i0 (0.5 + 0), then i1 (about 0.44); plain ALS ranks
   * i0, i1, i2 and i8 ninth.
   */
  static Model blendModel(String version) {
    Model base = model(version);
    int[] neighbours = new int[ITEMS.length];
    float[] scores = new float[ITEMS.length];
    java.util.Arrays.fill(neighbours, -1);
    neighbours[0] = 8;
    scores[0] = 1f;
    neighbours[1] = 8;
    scores[1] = 1f;
    ModelManifest m = base.manifest();
    ModelManifest manifest =
        new ModelManifest(
            m.formatVersion(),
            m.version(),
            m.created(),
            m.factors(),
            m.users(),
            m.items(),
            m.similarPerItem(),
            new BlendSettings(0.5, 1).toParameters(),
            m.metrics(),
            m.counts(),
            m.files(),
            m.engine(),
            m.cut());
    return new Model(
        manifest,
        base.items(),
        base.itemFactors(),
        base.itemCategories(),
        null,
        base.popular(),
        base.similar(),
        null,
        null,
        new SimilarItems(1, neighbours, scores));
  }

  private static Model model(String version, float[] itemFactors) {
    ModelManifest manifest =
        new ModelManifest(
            ModelFiles.FORMAT_VERSION,
            version,
            Instant.now().minusSeconds(60),
            2,
            4,
            ITEMS.length,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(ITEMS),
        new FactorMatrix(itemFactors, ITEMS.length, 2),
        CATEGORIES.clone(),
        POPULAR,
        SimilarItems.none());
  }

  /** u1's events: view i0, click i1, long before any model's cut. */
  static List<UserState.RecentEvent> u1Events() {
    return List.of(
        new UserState.RecentEvent("e-u1-2", "i1", EventType.CLICK, null, LONG_AGO.plusSeconds(1)),
        new UserState.RecentEvent("e-u1-1", "i0", EventType.VIEW, null, LONG_AGO));
  }

  /**
   * The shoppers of the standard answers, in user-state (each test application has its own tables).
   */
  static void plantShoppers(DynamoDbClient dynamo, AisleSettings settings) {
    UserStateStore states = new UserStateStore(dynamo, settings.userStateTable());
    states.put(
        new UserState("u1", null, LONG_AGO.plusSeconds(2), new float[0], u1Events(), List.of()));
    List<UserState.RecentEvent> u2 = new java.util.ArrayList<>(u1Events());
    u2.add(
        0,
        new UserState.RecentEvent(
            "e-u2-3", "i9", EventType.PURCHASE, 1.0, LONG_AGO.plusSeconds(2)));
    states.put(new UserState("u2", null, LONG_AGO.plusSeconds(3), new float[0], u2, List.of("i9")));
    states.put(
        new UserState("u4", "v1", Instant.now(), new float[] {1f, 0f}, List.of(), List.of()));
  }

  /** Publishes the standard model as v1 with u1 at (1, 0), unless CURRENT already names v1. */
  public static void publishV1UnlessCurrent(ModelStore store) {
    if (!store.currentVersion().orElse("").equals("v1")) {
      publish(store, model("v1"));
    }
  }

  static void publish(ModelStore store, Model model) {
    upload(store, model);
    store.setCurrent(model.version());
  }

  /** Uploads {@code model} without pointing CURRENT at it. */
  static void upload(ModelStore store, Model model) {
    Path dir = write(model);
    store.upload(dir, model.version());
    ModelStore.deleteFolder(dir);
  }

  /**
   * Uploads {@code model} with its item factors altered after the checksums were taken, and points
   * CURRENT at it.
   */
  static void publishCorrupt(ModelStore store, S3Client s3, Model model) {
    Path dir = write(model);
    store.upload(dir, model.version());
    ModelStore.deleteFolder(dir);
    byte[] garbage = new byte[model.items().size() * model.factors() * Float.BYTES];
    garbage[0] = 1;
    s3.putObject(
        b -> b.bucket(store.bucket()).key(store.key(model.version(), ModelFiles.ITEM_FACTORS)),
        RequestBody.fromBytes(garbage));
    store.setCurrent(model.version());
  }

  private static Path write(Model model) {
    try {
      Path dir = Files.createTempDirectory("aisle-model-");
      ModelFiles.write(model, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RankedItem rank(String id, double score) {
    return new RankedItem(id, score);
  }
}
