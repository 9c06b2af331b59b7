package dev.aisle.similarity;

import static dev.aisle.similarity.ContentIndexTest.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.catalog.Item;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.RowMask;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HybridSimilarityTest {

  // factor space: boot-1 ≈ boot-2, tent orthogonal-ish, sandal opposite
  static final String[] ITEMS = {"boot-1", "boot-2", "tent", "sandal"};
  static final float[] FACTORS = {
    1f, 0f,
    0.9f, 0.1f,
    0.2f, 1f,
    -1f, 0f
  };

  @Test
  void factorNeighboursComeFirstAndTheItemItselfNever() {
    Model model = model(SimilarItems.none());
    List<RankedItem> similar =
        hybrid(model, null).similar("boot-1", null, 3, null, id -> false).orElseThrow();
    assertThat(similar).extracting(RankedItem::itemId).containsExactly("boot-2", "tent", "sandal");
    assertThat(similar.get(0).score()).isCloseTo(0.9939, within(1e-3));
  }

  @Test
  void precomputedNeighboursAreUsedWhenPublished() {
    // a deliberately different precomputed list proves it is read rather than recomputed
    SimilarItems precomputed =
        new SimilarItems(
            2,
            new int[] {3, -1, 0, 2, 1, 0, 0, -1},
            new float[] {0.5f, 0f, 0.9f, 0.1f, 0.2f, 0.1f, 0.3f, 0f});
    List<RankedItem> similar =
        hybrid(model(precomputed), null)
            .similar("boot-1", null, 5, null, id -> false)
            .orElseThrow();
    assertThat(similar).extracting(RankedItem::itemId).containsExactly("sandal");
  }

  @Test
  void anItemTheModelHasNotSeenGetsContentNeighbours() {
    ContentIndex content =
        ContentIndex.build(
            List.of(
                item("boot-1", "Leather hiking boot", "shoes"),
                item("boot-2", "Waterproof hiking boot", "shoes"),
                item("tent", "Hiking tent", "camping"),
                item("sandal", "Beach sandal", "shoes"),
                item("boot-new", "Winter hiking boot", "shoes")));
    List<RankedItem> similar =
        hybrid(model(SimilarItems.none()), content)
            .similar("boot-new", null, 2, null, id -> false)
            .orElseThrow();
    assertThat(similar).extracting(RankedItem::itemId).containsExactly("boot-1", "boot-2");

    // not indexed either: the catalog's copy of the item is enough
    Item fresher = item("boot-newer", "Kids hiking boot", "shoes");
    assertThat(
            hybrid(model(SimilarItems.none()), content)
                .similar("boot-newer", fresher, 1, null, id -> false)
                .orElseThrow())
        .extracting(RankedItem::itemId)
        .containsExactly("boot-1");
  }

  @Test
  void aWarmItemBlendsBothSidesAndCanReachNewItems() {
    ContentIndex content =
        ContentIndex.build(
            List.of(
                item("boot-1", "Leather hiking boot", "shoes"),
                item("boot-2", "Waterproof boot", "shoes"),
                item("tent", "Tent", "camping"),
                item("sandal", "Beach sandal", "beach"),
                item("boot-new", "Leather hiking boot", "shoes")));
    List<RankedItem> similar =
        hybrid(model(SimilarItems.none()), content)
            .similar("boot-1", null, 4, null, id -> false)
            .orElseThrow();
    assertThat(similar).extracting(RankedItem::itemId).contains("boot-2", "boot-new");
    RankedItem fresh =
        similar.stream().filter(r -> r.itemId().equals("boot-new")).findFirst().orElseThrow();
    assertThat(fresh.score()).isCloseTo(0.5 * 1.0, within(1e-3)); // identical content, no factors
  }

  @Test
  void exclusionsHoldAndUnknownItemsHaveNoAnswer() {
    Model model = model(SimilarItems.none());
    HybridSimilarity hybrid = hybrid(model, null);
    assertThat(
            hybrid
                .similar("boot-1", null, 3, RowMask.of(4, 1), Set.of("tent")::contains)
                .orElseThrow())
        .extracting(RankedItem::itemId)
        .containsExactly("sandal");
    assertThat(hybrid.similar("nope", null, 3, null, id -> false)).isEmpty();
  }

  private static HybridSimilarity hybrid(Model model, ContentIndex content) {
    return new HybridSimilarity(model, new FactorCosine(model.itemFactors()), content, 0.5f);
  }

  static Model model(SimilarItems similar) {
    ModelManifest manifest =
        new ModelManifest(
            1,
            "m1",
            Instant.parse("2026-01-01T00:00:00Z"),
            2,
            0,
            ITEMS.length,
            similar.perItem(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(ITEMS),
        new FactorMatrix(FACTORS.clone(), ITEMS.length, 2),
        new String[] {"a", "a", "b", "c"},
        PopularLists.empty(),
        similar);
  }
}
