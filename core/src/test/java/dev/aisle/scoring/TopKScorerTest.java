package dev.aisle.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.model.FactorMatrix;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TopKScorerTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @Test
  void returnsTheBestRowsInOrder() {
    // rows score 1·x: 0.5, 3, -1, 2, 3.5
    FactorMatrix items = matrix(1, 0.5f, 3f, -1f, 2f, 3.5f);
    ScoredRows top = new TopKScorer(items).top(new float[] {1f}, 3, Candidates.ALL);
    assertThat(top.rows()).containsExactly(4, 1, 3);
    assertThat(top.scores()).containsExactly(3.5f, 3f, 2f);
  }

  @Test
  void equalScoresPutTheLowerRowFirst() {
    FactorMatrix items = matrix(1, 1f, 2f, 2f, 1f, 2f, 2f);
    ScoredRows top = new TopKScorer(items).top(new float[] {1f}, 3, Candidates.ALL);
    assertThat(top.rows()).containsExactly(1, 2, 4);
  }

  @Test
  void excludedRowsAndOtherCategoriesNeverComeBack() {
    FactorMatrix items = matrix(1, 9f, 8f, 7f, 6f, 5f, 4f);
    CategoryCodes codes = CategoryCodes.of(new String[] {"a", "b", "a", "b", "a", ""});
    Candidates candidates =
        Candidates.excluding(RowMask.of(6, 0, 3)).inCategory(codes.rowCodes(), codes.codeOf("a"));
    ScoredRows top = new TopKScorer(items).top(new float[] {1f}, 10, candidates);
    assertThat(top.rows()).containsExactly(2, 4);
    assertThat(codes.codeOf("nope")).isEqualTo(CategoryCodes.UNKNOWN);
    assertThat(
            new TopKScorer(items)
                .top(
                    new float[] {1f},
                    10,
                    Candidates.ALL.inCategory(codes.rowCodes(), CategoryCodes.UNKNOWN))
                .size())
        .isZero();
  }

  @Test
  void fewerCandidatesThanKGivesThemAll() {
    FactorMatrix items = matrix(2, 1f, 0f, 0f, 1f);
    ScoredRows top = new TopKScorer(items).top(new float[] {0.2f, 0.8f}, 100, Candidates.ALL);
    assertThat(top.rows()).containsExactly(1, 0);
  }

  @Test
  void rowScaleMultipliesScores() {
    FactorMatrix items = matrix(1, 1f, 2f, 3f);
    ScoredRows top =
        new TopKScorer(items, new float[] {10f, 1f, 1f}, null, 1, Long.MAX_VALUE)
            .top(new float[] {1f}, 1, Candidates.ALL);
    assertThat(top.rows()).containsExactly(0);
    assertThat(top.scores()).containsExactly(10f);
  }

  @Test
  void nanScoresAreNeverReturned() {
    FactorMatrix items = matrix(1, Float.NaN, 1f, Float.NaN);
    ScoredRows top = new TopKScorer(items).top(new float[] {1f}, 3, Candidates.ALL);
    assertThat(top.rows()).containsExactly(1);
  }

  @Test
  void agreesWithSortingEveryScoreOnRandomData() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 30; trial++) {
      int rows = 1 + random.nextInt(500);
      int cols = 1 + random.nextInt(17);
      FactorMatrix items = randomMatrix(random, rows, cols, trial % 3 == 0);
      float[] query = randomVector(random, cols);
      RowMask excluded = new RowMask(rows);
      for (int i = 0; i < rows / 10; i++) {
        excluded.set(random.nextInt(rows));
      }
      int k = 1 + random.nextInt(20);
      ScoredRows top = new TopKScorer(items).top(query, k, Candidates.excluding(excluded));
      int[] expected = bruteForce(items, query, k, excluded);
      assertThat(top.rows()).as("trial %d", trial).containsExactly(expected);
    }
  }

  @Test
  void splittingAcrossThreadsGivesTheSameResult() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 20; trial++) {
      int rows = 50 + random.nextInt(3000);
      int cols = 1 + random.nextInt(70);
      FactorMatrix items = randomMatrix(random, rows, cols, true);
      float[] query = randomVector(random, cols);
      int k = 1 + random.nextInt(50);
      RowMask excluded = RowMask.of(rows, random.nextInt(rows), random.nextInt(rows));
      ScoredRows serial = new TopKScorer(items).top(query, k, Candidates.excluding(excluded));
      for (int parts = 2; parts <= 5; parts++) {
        ScoredRows split =
            new TopKScorer(items, null, POOL, parts, 0)
                .top(query, k, Candidates.excluding(excluded));
        assertThat(split.rows())
            .as("trial %d parts %d", trial, parts)
            .containsExactly(serial.rows());
        assertThat(split.scores()).containsExactly(serial.scores());
      }
    }
  }

  @Test
  void rejectsAQueryOfTheWrongRank() {
    assertThatThrownBy(() -> new TopKScorer(matrix(2, 1f, 1f)).top(new float[3], 1, Candidates.ALL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopKHeap(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static int[] bruteForce(FactorMatrix items, float[] query, int k, RowMask excluded) {
    TopKScorer single = new TopKScorer(items);
    // score every row alone (a one-row scan uses the same arithmetic), then sort by the total order
    float[] scores = new float[items.rows()];
    for (int row = 0; row < items.rows(); row++) {
      TopKHeap heap = new TopKHeap(1);
      single.scan(query, row, row + 1, Candidates.ALL, heap);
      scores[row] = heap.result().score(0);
    }
    return IntStream.range(0, items.rows())
        .filter(r -> !excluded.get(r))
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(r -> -scores[r]).thenComparingInt(r -> r))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static FactorMatrix matrix(int cols, float... values) {
    return new FactorMatrix(values, values.length / cols, cols);
  }

  private static FactorMatrix randomMatrix(
      SplittableRandom random, int rows, int cols, boolean withTies) {
    float[] data = new float[rows * cols];
    for (int i = 0; i < data.length; i++) {
      // coarse values make many exactly equal scores
      data[i] = withTies ? random.nextInt(3) : (float) random.nextGaussian();
    }
    return new FactorMatrix(data, rows, cols);
  }

  private static float[] randomVector(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
