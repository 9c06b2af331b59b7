package dev.aisle.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.model.FactorMatrix;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An incremental run's graph: the previous graph's links kept, new items inserted, dropped items
 * left out, some kept items' vectors moved; searched with the new vectors it must still find the
 * exact scan's top 10.
 */
class ItemGraphExtendTest {

  static final int K = 16;
  static final ItemGraphBuilder.Settings SETTINGS = ItemGraphBuilder.Settings.defaults(2);

  @Test
  void aGraphExtendedWithNewItemsKeepsRecallAtTenAboveNinetyFivePercent() {
    int previousRows = 10_000;
    int added = 500;
    FactorMatrix everything = ApproximateTopKTest.clustered(previousRows + added, K, 11);
    FactorMatrix before =
        new FactorMatrix(Arrays.copyOf(everything.data(), previousRows * K), previousRows, K);
    ItemGraph previous =
        ItemGraphBuilder.build(before, ItemGraphBuilder.Geometry.INNER_PRODUCT, SETTINGS);

    // the new model: every 50th previous item dropped, the rest kept in order, then the new items;
    // a tenth of the kept items' vectors moved (re-solved by the partial sweep)
    int[] previousToNew = new int[previousRows];
    int rows = 0;
    for (int r = 0; r < previousRows; r++) {
      previousToNew[r] = r % 50 == 7 ? -1 : rows++;
    }
    int kept = rows;
    int n = kept + added;
    float[] data = new float[n * K];
    SplittableRandom random = new SplittableRandom(5);
    for (int r = 0; r < previousRows; r++) {
      int to = previousToNew[r];
      if (to >= 0) {
        for (int j = 0; j < K; j++) {
          float moved = r % 10 == 0 ? (float) random.nextGaussian() * 0.05f : 0f;
          data[to * K + j] = everything.data()[r * K + j] + moved;
        }
      }
    }
    System.arraycopy(everything.data(), previousRows * K, data, kept * K, added * K);
    FactorMatrix items = new FactorMatrix(data, n, K);

    ItemGraph extended =
        ItemGraphBuilder.extend(
            previous, previousToNew, items, ItemGraphBuilder.Geometry.INNER_PRODUCT, SETTINGS);

    assertThat(extended.size()).isEqualTo(n);
    assertThat(recallAtTen(extended, items, 300, random)).isGreaterThanOrEqualTo(0.95);
    // the new items are reachable: each is found when queried with its own vector scaled up
    ApproximateTopK search = new ApproximateTopK(extended, items, 100);
    int foundNew = 0;
    for (int r = kept; r < n; r += 25) {
      float[] query = new float[K];
      for (int j = 0; j < K; j++) {
        query[j] = items.get(r, j) * 10f;
      }
      ScoredRows exact = new TopKScorer(items).top(query, 10, Candidates.ALL);
      ScoredRows approx = search.top(query, 10, Candidates.ALL, Long.MAX_VALUE);
      Set<Integer> got = new HashSet<>();
      for (int i = 0; i < approx.size(); i++) {
        got.add(approx.row(i));
      }
      boolean exactHasIt = false;
      for (int i = 0; i < exact.size(); i++) {
        exactHasIt |= exact.row(i) == r;
      }
      if (!exactHasIt || got.contains(r)) {
        foundNew++;
      }
    }
    assertThat(foundNew).isEqualTo(added / 25);
  }

  @Test
  void aMapThatDoesNotFitTheGraphIsRefused() {
    FactorMatrix items = ApproximateTopKTest.clustered(200, K, 3);
    ItemGraph graph =
        ItemGraphBuilder.build(items, ItemGraphBuilder.Geometry.INNER_PRODUCT, SETTINGS);
    assertThatThrownBy(
            () ->
                ItemGraphBuilder.extend(
                    graph, new int[10], items, ItemGraphBuilder.Geometry.INNER_PRODUCT, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class);
    int[] outside = new int[200];
    outside[3] = 500;
    assertThatThrownBy(
            () ->
                ItemGraphBuilder.extend(
                    graph, outside, items, ItemGraphBuilder.Geometry.INNER_PRODUCT, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static double recallAtTen(
      ItemGraph graph, FactorMatrix items, int queries, SplittableRandom random) {
    TopKScorer exact = new TopKScorer(items);
    ApproximateTopK approximate = new ApproximateTopK(graph, items, 100);
    int found = 0;
    int wanted = 0;
    for (int q = 0; q < queries; q++) {
      int row = random.nextInt(items.rows());
      float[] query = new float[K];
      for (int j = 0; j < K; j++) {
        query[j] = items.get(row, j) + (float) random.nextGaussian() * 0.3f;
      }
      ScoredRows truth = exact.top(query, 10, Candidates.ALL);
      ScoredRows approx = approximate.top(query, 10, Candidates.ALL, Long.MAX_VALUE);
      Set<Integer> got = new HashSet<>();
      for (int i = 0; i < approx.size(); i++) {
        got.add(approx.row(i));
      }
      for (int i = 0; i < truth.size(); i++) {
        wanted++;
        found += got.contains(truth.row(i)) ? 1 : 0;
      }
    }
    return (double) found / wanted;
  }
}
