package dev.aisle.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.model.SimilarItems;
import org.junit.jupiter.api.Test;

class SimilarItemsBuilderTest {

  /**
   * Two factors per item: 0 and 1 point the same way, 2 is at 45 degrees, 3 opposite, 4 is zero.
   */
  private static final float[] FACTORS = {1, 0, 2, 0, 1, 1, -1, 0, 0, 0};

  @Test
  void neighboursAreOrderedByCosineAndSkipSelfNegativeAndZeroVectors() {
    for (int threads = 1; threads <= 3; threads++) {
      SimilarItems similar = SimilarItemsBuilder.build(FACTORS, 2, 3, threads);
      assertThat(similar.perItem()).isEqualTo(3);
      // item 0: item 1 (cos 1), item 2 (cos 0.707); item 3 (cos -1) and item 4 (zero) are not
      // similar
      assertThat(row(similar.neighbours(), 0)).containsExactly(1, 2, -1);
      assertThat((double) similar.scores()[0]).isCloseTo(1.0, within(1e-6));
      assertThat((double) similar.scores()[1]).isCloseTo(Math.sqrt(0.5), within(1e-6));
      // item 2: items 0 and 1 tie at cos 0.707, the lower row first
      assertThat(row(similar.neighbours(), 2)).containsExactly(0, 1, -1);
      // a zero vector has no neighbours
      assertThat(row(similar.neighbours(), 4)).containsExactly(-1, -1, -1);
    }
  }

  @Test
  void exactAndGraphListsGiveTheSameScoreToTheSameNeighbour() {
    // both are summed by core's kernel: the exact scan by blocks, the graph's re-scoring per pair
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    float[] factors = new float[300 * 24];
    for (int i = 0; i < factors.length; i++) {
      factors[i] = (float) random.nextGaussian();
    }
    dev.aisle.model.FactorMatrix matrix = new dev.aisle.model.FactorMatrix(factors, 300, 24);
    SimilarItems exact = SimilarItemsBuilder.build(matrix, 5, 2, false);
    SimilarItems graph = SimilarItemsBuilder.build(matrix, 5, 2, true);
    int compared = 0;
    for (int n = 0; n < exact.neighbours().length; n++) {
      if (exact.neighbours()[n] >= 0 && exact.neighbours()[n] == graph.neighbours()[n]) {
        assertThat(graph.scores()[n]).isEqualTo(exact.scores()[n]);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(1_000);
  }

  @Test
  void catalogsAtTheServingGraphsThresholdStillGetExactLists() {
    // exact stays cheaper than the graph well above the size from which serving searches a graph
    assertThat(SimilarItemsBuilder.searchesGraph(ModelBuilder.Lists.DEFAULT_GRAPH_MIN_ITEMS))
        .isFalse();
    assertThat(SimilarItemsBuilder.searchesGraph(SimilarItemsBuilder.EXACT_MAX_ITEMS)).isFalse();
    assertThat(SimilarItemsBuilder.searchesGraph(SimilarItemsBuilder.EXACT_MAX_ITEMS + 1)).isTrue();
  }

  private static int[] row(int[] neighbours, int item) {
    return java.util.Arrays.copyOfRange(neighbours, item * 3, item * 3 + 3);
  }
}
