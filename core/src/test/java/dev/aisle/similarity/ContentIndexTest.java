package dev.aisle.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.aisle.catalog.Item;
import dev.aisle.scoring.ScoredRows;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentIndexTest {

  static final List<Item> CATALOG =
      List.of(
          item("boot-1", "Leather hiking boot", "shoes", "outdoor", "leather"),
          item("boot-2", "Waterproof hiking boot", "shoes", "outdoor"),
          item("sandal", "Beach sandal", "shoes", "summer"),
          item("tent", "Two-person hiking tent", "camping", "outdoor"),
          item("mug", "Enamel mug", "kitchen"));

  @Test
  void termsAreFoldedAndKindPrefixed() {
    assertThat(ContentTerms.of(item("x", "Crème brûlée for TWO", "Desserts", "Sweet")))
        .containsExactly("w:creme", "w:brulee", "w:two", "c:desserts", "t:sweet");
  }

  @Test
  void itemsSharingTitleWordsCategoryAndTagsAreNearest() {
    ContentIndex index = ContentIndex.build(CATALOG);
    int boot1 = index.ids().rowOf("boot-1");
    ScoredRows near = index.similar(index.vector(boot1), 3, row -> row == boot1);
    assertThat(ids(index, near)).containsExactly("boot-2", "tent", "sandal");
    assertThat(near.score(0)).isBetween(0f, 1f);
    // the mug shares nothing: never a candidate
    assertThat(index.similar(index.vector(boot1), 10, row -> false).rows())
        .doesNotContain(index.ids().rowOf("mug"));
  }

  @Test
  void vectorsAreNormalizedSoSelfSimilarityIsOne() {
    ContentIndex index = ContentIndex.build(CATALOG);
    SparseVector v = index.vector(index.ids().rowOf("tent"));
    assertThat(v.dot(v)).isCloseTo(1f, offset(1e-5f));
  }

  @Test
  void anItemAddedAfterTheBuildStillFindsNeighbours() {
    ContentIndex index = ContentIndex.build(CATALOG);
    SparseVector fresh =
        index.vectorOf(item("boot-3", "Winter hiking boot", "shoes", "unknown-tag"));
    ScoredRows near = index.similar(fresh, 2, row -> false);
    assertThat(ids(index, near)).containsExactly("boot-2", "boot-1");
    assertThat(fresh.dot(fresh)).isLessThan(1f); // unseen terms count in the norm only
  }

  private static List<String> ids(ContentIndex index, ScoredRows rows) {
    return Arrays.stream(rows.rows()).mapToObj(r -> index.ids().idAt(r)).toList();
  }

  static Item item(String id, String title, String category, String... tags) {
    return new Item(id, title, category, 10.0, List.of(tags), true);
  }
}
