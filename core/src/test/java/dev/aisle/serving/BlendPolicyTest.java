package dev.aisle.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.event.EventType;
import dev.aisle.model.BlendSettings;
import dev.aisle.model.CorruptModelException;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blend model through the serving policy: hand-made ALS factors and item-kNN lists where the
 * blend's order differs from plain ALS in a way worked out by hand in each test.
 */
class BlendPolicyTest {

  static final String[] CATEGORIES = {
    "shoes", "shoes", "shoes", "shoes", "bags", "bags", "bags", "bags", "bags", "hats"
  };

  final RecommendationPolicy policy =
      new RecommendationPolicy(
          SegmentLists.NONE,
          Exploration.NONE,
          Clock.fixed(RecommendationPolicyTest.AFTER.plusSeconds(60), ZoneOffset.UTC));

  @TempDir Path dir;

  /** Ten items whose first factor is 1.0, 0.9, … 0.1 (i0 … i9), the second 0. */
  static Model alsOfTen() {
    float[] factors = new float[20];
    String[] ids = new String[10];
    for (int i = 0; i < 10; i++) {
      factors[i * 2] = 1f - i / 10f;
      ids[i] = "i" + i;
    }
    return new Model(
        RecommendationPolicyTest.model().manifest(),
        new IdIndex(ids),
        new FactorMatrix(factors, 10, 2),
        CATEGORIES,
        PopularLists.empty(),
        SimilarItems.none());
  }

  /** {@link #alsOfTen}; item-kNN: i0's neighbours are i7 (1.0) and i1 (0.5), the rest have none. */
  static Model blendOfTen(double alsWeight) {
    int[] neighbours = new int[20];
    float[] scores = new float[20];
    Arrays.fill(neighbours, -1);
    neighbours[0] = 7;
    scores[0] = 1.0f;
    neighbours[1] = 1;
    scores[1] = 0.5f;
    Model als = alsOfTen();
    return new Model(
        manifest(als.manifest(), alsWeight, 2),
        als.items(),
        als.itemFactors(),
        CATEGORIES,
        null,
        als.popular(),
        SimilarItems.none(),
        null,
        ModelCatalog.none(),
        new SimilarItems(2, neighbours, scores));
  }

  static ModelManifest manifest(ModelManifest base, double alsWeight, int perItem) {
    Map<String, Object> parameters = new HashMap<>(base.parameters());
    parameters.putAll(new BlendSettings(alsWeight, perItem).toParameters());
    return new ModelManifest(
        base.formatVersion(),
        base.version(),
        base.created(),
        base.factors(),
        base.users(),
        base.items(),
        base.similarPerItem(),
        parameters,
        base.metrics(),
        base.counts(),
        base.files(),
        base.engine(),
        base.cut());
  }

  /** A shopper whose fresh vector is (1, 0) and whose recent window holds a view of i0. */
  static MemoryShoppers viewerOfI0() {
    return new MemoryShoppers(50)
        .state(
            new UserState(
                "u",
                "v1",
                RecommendationPolicyTest.AFTER,
                new float[] {1f, 0f},
                List.of(
                    new RecentEvent(
                        "e1", "i0", EventType.VIEW, null, RecommendationPolicyTest.BEFORE)),
                List.of()));
  }

  List<String> ids(Model model, RecommendationQuery query, Set<String> unavailable) {
    ServedModel served = new ServedModel(model, ServedModel.SearchSettings.singleThreaded());
    return policy.recommend(served, query, viewerOfI0(), unavailable).items().stream()
        .map(ScoredItem::itemId)
        .toList();
  }

  @Test
  void theBlendPromotesTheNeighboursOfTheShoppersItems() {
    // ALS alone: i0 1.0, i1 0.9, i2 0.8, … i9 0.1
    assertThat(ids(alsOfTen(), RecommendationQuery.of("u", 3), Set.of()))
        .containsExactly("i0", "i1", "i2");
    // w = 0.5, ALS min–max over 0.1..1.0: i1 0.444 + 0.25, i7 0.111 + 0.5, i0 0.5 + 0, i2 0.389 + 0
    assertThat(ids(blendOfTen(0.5), RecommendationQuery.of("u", 3), Set.of()))
        .containsExactly("i1", "i7", "i0");
    // w = 1 is plain ALS
    assertThat(ids(blendOfTen(1.0), RecommendationQuery.of("u", 3), Set.of()))
        .containsExactly("i0", "i1", "i2");
    // w = 0 is item-kNN first, then the rest by row (all 0)
    assertThat(ids(blendOfTen(0.0), RecommendationQuery.of("u", 3), Set.of()))
        .containsExactly("i7", "i1", "i0");
  }

  @Test
  void exclusionsUnavailableAndCategoryHoldForTheNeighboursToo() {
    assertThat(
            ids(
                blendOfTen(0.5),
                new RecommendationQuery("u", 3, null, Set.of("i7"), Map.of()),
                Set.of()))
        .containsExactly("i1", "i0", "i2");
    assertThat(ids(blendOfTen(0.5), RecommendationQuery.of("u", 3), Set.of("i7")))
        .containsExactly("i1", "i0", "i2");
    // bags only (i4..i8): ALS normalized over them i4 1, i5 0.75, i6 0.5, i7 0.25, i8 0; item-kNN
    // i7 1
    // (i1 is shoes): i7 0.125 + 0.5, i4 0.5, i5 0.375
    assertThat(
            ids(
                blendOfTen(0.5),
                new RecommendationQuery("u", 3, "bags", Set.of(), Map.of()),
                Set.of()))
        .containsExactly("i7", "i4", "i5");
  }

  @Test
  void aNeighbourOutsideTheOverFetchedAlsTopIsScoredByItsDotProduct() {
    int items = 120;
    String[] ids = new String[items];
    String[] categories = new String[items];
    float[] factors = new float[items * 2];
    for (int i = 0; i < items; i++) {
      ids[i] = "i" + i;
      categories[i] = "";
      factors[i * 2] = 1f - i / 120f;
    }
    int[] neighbours = new int[items];
    float[] scores = new float[items];
    Arrays.fill(neighbours, -1);
    neighbours[0] = 100;
    scores[0] = 0.3f;
    ModelManifest base =
        new ModelManifest(
            2,
            "v1",
            RecommendationPolicyTest.CREATED,
            2,
            0,
            items,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            ModelManifest.SINGLE_NODE,
            RecommendationPolicyTest.CUT);
    Model model =
        new Model(
            manifest(base, 0.5, 1),
            new IdIndex(ids),
            new FactorMatrix(factors, items, 2),
            categories,
            null,
            PopularLists.empty(),
            SimilarItems.none(),
            null,
            ModelCatalog.none(),
            new SimilarItems(1, neighbours, scores));
    // candidates: ALS top 50 (i0..i49) and i100; ALS normalized over them, i100 (0.167) the
    // minimum:
    // i0 0.5 + 0, i100 0 + 0.5, i1 0.495 + 0
    assertThat(ids(model, RecommendationQuery.of("u", 3), Set.of()))
        .containsExactly("i0", "i100", "i1");
  }

  @Test
  void aBlendModelReadsBackWithItsNeighboursAndAnOlderModelIsPlainAls() {
    Model blend = blendOfTen(0.3);
    ModelFiles.write(blend, dir.resolve("blend"));
    Model read =
        ModelFiles.read(
            ModelFiles.Source.of(dir.resolve("blend")), Runnable::run, ModelFiles.Parts.ESSENTIAL);
    assertThat(read.blend()).contains(new BlendSettings(0.3, 2));
    assertThat(read.knn().neighbours()).containsExactly(blend.knn().neighbours());
    assertThat(read.knn().scores()).containsExactly(blend.knn().scores());
    // attaching the graph or similar items later keeps the neighbours
    assertThat(
            new ServedModel(read, ServedModel.SearchSettings.singleThreaded())
                .withSimilar(SimilarItems.none())
                .model()
                .blend())
        .isPresent();

    ModelFiles.write(RecommendationPolicyTest.model(), dir.resolve("als"));
    Model als = ModelFiles.read(dir.resolve("als"));
    assertThat(als.blend()).isEmpty();
    assertThat(als.knn().isEmpty()).isTrue();
  }

  @Test
  void aBlendManifestWithoutItsWeightIsRefused() {
    ModelManifest base = RecommendationPolicyTest.model().manifest();
    ModelManifest broken =
        new ModelManifest(
            2,
            "v1",
            base.created(),
            2,
            0,
            10,
            0,
            Map.of(BlendSettings.KIND, BlendSettings.BLEND),
            Map.of(),
            Map.of(),
            Map.of(),
            ModelManifest.SINGLE_NODE,
            base.cut());
    assertThatThrownBy(() -> BlendSettings.of(broken)).isInstanceOf(CorruptModelException.class);
  }
}
