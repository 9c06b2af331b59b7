package dev.aisle.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.metrics.MetricSummary;
import org.junit.jupiter.api.Test;

/** Hand-computed item-kNN scores and evaluation on a three-user shop. */
class ItemKnnAndEvaluatorTest {

  /** User 0 and 1 touched items 0 and 1; user 2 touched items 1 and 2; item 3 nobody. */
  private static final InteractionMatrix TRAIN = matrix(3, 4, new int[][] {{0, 1}, {0, 1}, {1, 2}});

  @Test
  void scoresAreSumsOfCosinesToTouchedItems() {
    ItemKnnScorer knn = new ItemKnnScorer(TRAIN, 5, 2);
    float[] scores = new float[4];
    knn.score(2, scores);
    // cos(0,1) = 2 / (sqrt 2 * sqrt 3); cos(1,2) = 1 / (sqrt 3 * 1); cos(0,2) = 0
    double cos01 = 2 / (Math.sqrt(2) * Math.sqrt(3));
    double cos12 = 1 / Math.sqrt(3);
    assertThat((double) scores[0]).isCloseTo(cos01, within(1e-6));
    assertThat((double) scores[1]).isCloseTo(cos12, within(1e-6));
    assertThat((double) scores[2]).isCloseTo(cos12, within(1e-6));
    assertThat(scores[3]).isZero();
  }

  @Test
  void evaluationExcludesSeenItemsAndAveragesOverUsersWithHeldOutItems() {
    // User 2's held-out item is 0, which kNN ranks first among its unseen items: a perfect list.
    // User 0's held-out item is 3, which nobody touched (score 0): item 2, a neighbour of the
    // user's
    // item 1, ranks above it, so it lands at rank 2 of the unseen items {2, 3}.
    InteractionMatrix heldOut = matrix(3, 4, new int[][] {{3}, {}, {0}});
    Evaluator evaluator = new Evaluator(TRAIN, heldOut, 2, 0, 1, 2);
    MetricSummary summary = evaluator.evaluate(() -> new ItemKnnScorer(TRAIN, 5, 1));

    assertThat(evaluator.users()).isEqualTo(2);
    assertThat(summary.recall()).isCloseTo(1.0, within(1e-9));
    assertThat(summary.precision()).isCloseTo(0.5, within(1e-9));
    // NDCG: user 2 → 1; user 0 → (1 / log2 3) / 1
    assertThat(summary.ndcg()).isCloseTo((1 + 1 / (Math.log(3) / Math.log(2))) / 2, within(1e-9));
  }

  /** Scoring a big catalog block by block gives exactly the lists scoring it user by user gives. */
  @Test
  void blockedScoringGivesTheSameListsAsScoringWholeRows() {
    int users = 300;
    int items = 2 * Evaluator.BLOCK_ITEMS + 77;
    int k = 8;
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int[][] seen = new int[users][];
    int[][] held = new int[users][];
    float[] x = new float[users * k];
    float[] y = new float[items * k];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) random.nextGaussian();
    }
    for (int n = 0; n < y.length; n++) {
      y[n] = (float) random.nextGaussian();
    }
    for (int u = 0; u < users; u++) {
      int[] mine = random.ints(1 + random.nextInt(30), 0, items).distinct().sorted().toArray();
      seen[u] = mine;
      // every other user's held-out item is their best unseen one: lists that find it score
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < items; i++) {
        double score = 0;
        for (int d = 0; d < k; d++) {
          score += x[u * k + d] * y[i * k + d];
        }
        if (score > bestScore && java.util.Arrays.binarySearch(mine, i) < 0) {
          best = i;
          bestScore = score;
        }
      }
      held[u] = u % 2 == 0 ? new int[] {best} : new int[] {random.nextInt(items)};
      if (java.util.Arrays.binarySearch(mine, held[u][0]) >= 0) {
        held[u] = new int[0];
      }
    }
    InteractionMatrix train = matrix(users, items, seen);
    Evaluator evaluator = new Evaluator(train, matrix(users, items, held), 10, 0, 1, 2);
    AlsScorer whole = new AlsScorer(x, y, k);
    MetricSummary blocked = evaluator.evaluate(() -> new AlsScorer(x, y, k));
    MetricSummary perUser = evaluator.evaluate(() -> whole::score);
    assertThat(blocked.toMap()).isEqualTo(perUser.toMap());
    assertThat(blocked.ndcg()).isPositive();

    // item-kNN built only for the evaluated users' items scores those users as the full one does
    int[] sample = {3, 50, 299};
    ItemKnnScorer all = new ItemKnnScorer(train, 20, 2);
    ItemKnnScorer some = new ItemKnnScorer(train, 20, 2, sample);
    for (int u : sample) {
      float[] a = new float[items];
      float[] b = new float[items];
      all.score(u, a);
      some.score(u, b);
      assertThat(b).containsExactly(a);
    }
  }

  static InteractionMatrix matrix(int rows, int columns, int[][] items) {
    int count = 0;
    for (int[] row : items) {
      count += row.length;
    }
    int[] r = new int[count];
    int[] c = new int[count];
    float[] w = new float[count];
    int n = 0;
    for (int u = 0; u < items.length; u++) {
      for (int i : items[u]) {
        r[n] = u;
        c[n] = i;
        w[n++] = 1f;
      }
    }
    return InteractionMatrix.fromTriplets(rows, columns, r, c, w, count);
  }
}
