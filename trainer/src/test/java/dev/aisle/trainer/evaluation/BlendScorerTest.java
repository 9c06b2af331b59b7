package dev.aisle.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.SimilarItems;
import org.junit.jupiter.api.Test;

/** The blend in evaluation on the three-user shop of {@link ItemKnnAndEvaluatorTest}. */
class BlendScorerTest {

  /** User 0 and 1 touched items 0 and 1; user 2 touched items 1 and 2; item 3 nobody. */
  private static final InteractionMatrix TRAIN =
      ItemKnnAndEvaluatorTest.matrix(3, 4, new int[][] {{0, 1}, {0, 1}, {1, 2}});

  /** One factor: every user 1; ALS prefers item 3 (1.0) to item 0 (0.1). */
  private static final float[] USERS = {1f, 1f, 1f};

  private static final float[] ITEMS = {0.1f, 0.2f, 0.3f, 1.0f};

  float[] scores(double alsWeight) {
    BlendScorer blend =
        new BlendScorer(
            new AlsScorer(USERS, ITEMS, 1), new ItemKnnScorer(TRAIN, 5, 1), TRAIN, alsWeight, 10);
    float[] out = new float[4];
    blend.score(2, out);
    return out;
  }

  @Test
  void theWeightMovesTheOrderFromAlsToItemKnnAndSeenItemsAreNoCandidates() {
    // user 2's unseen items: 3 (ALS 1.0, kNN 0) and 0 (ALS 0.1, kNN cos(0,1) > 0)
    float[] als = scores(1.0);
    assertThat(als[3]).isEqualTo(1f);
    assertThat(als[0]).isEqualTo(0f);
    float[] knn = scores(0.0);
    assertThat(knn[0]).isEqualTo(1f);
    assertThat(knn[3]).isEqualTo(0f);
    // w is the ALS share: 0.7 · 1 + 0.3 · 0 for item 3 against 0.7 · 0 + 0.3 · 1 for item 0
    float[] mostlyAls = scores(0.7);
    assertThat(mostlyAls[3]).isCloseTo(0.7f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(mostlyAls[0]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(scores(0.2)[0]).isGreaterThan(scores(0.2)[3]);
    assertThat(mostlyAls[1]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(mostlyAls[2]).isEqualTo(Float.NEGATIVE_INFINITY);
  }

  @Test
  void theFullItemKnnBuildGivesEveryItemsListInTheModelsLayout() {
    SimilarItems lists = new ItemKnnScorer(TRAIN, 3, 2).lists();
    assertThat(lists.perItem()).isEqualTo(3);
    // item 0's only co-occurring item is 1; item 1's are 0 (cos 0.816) then 2 (0.577); item 3 none
    assertThat(lists.neighbours()).containsExactly(1, -1, -1, 0, 2, -1, 1, -1, -1, -1, -1, -1);
  }
}
