package dev.aisle.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.linalg.FloatKernels;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The tiled, symmetric exact lists against a brute-force scan of every ordered pair: the same
 * neighbours and scores, bit for bit, on random factors with zero rows, repeated rows (exact ties)
 * and k that is not a multiple of the vector width.
 */
class ExactSimilarItemsTest {

  @Property(tries = 40)
  void listsEqualABruteForceScan(
      @ForAll @IntRange(min = 2, max = 600) int items,
      @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @IntRange(min = 1, max = 25) int perItem,
      @ForAll @IntRange(min = 1, max = 3) int threads,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] factors = new float[items * k];
    for (int i = 0; i < items; i++) {
      int kind = random.nextInt(10);
      for (int d = 0; d < k; d++) {
        factors[i * k + d] =
            kind == 0
                ? 0f // a zero vector: no neighbours, nobody's neighbour
                : kind == 1 && i > 0
                    ? factors[(i - 1) * k + d] // a repeat: ties on every score
                    : (float) random.nextGaussian();
      }
    }
    SimilarItems tiled =
        SimilarItemsBuilder.build(new FactorMatrix(factors, items, k), perItem, threads, false);
    SimilarItems brute = bruteForce(factors, items, k, Math.min(perItem, items - 1));
    assertThat(tiled.perItem()).isEqualTo(brute.perItem());
    assertThat(tiled.neighbours()).containsExactly(brute.neighbours());
    assertThat(tiled.scores()).containsExactly(brute.scores());
  }

  /** Every item against every other by the single dot: the list a row-by-row scan gives. */
  private static SimilarItems bruteForce(float[] factors, int items, int k, int width) {
    float[] unit = new float[factors.length];
    for (int i = 0; i < items; i++) {
      double norm = 0;
      for (int d = 0; d < k; d++) {
        norm += factors[i * k + d] * factors[i * k + d];
      }
      if (norm > 0) {
        float inv = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < k; d++) {
          unit[i * k + d] = factors[i * k + d] * inv;
        }
      }
    }
    int[] neighbours = new int[items * width];
    float[] scores = new float[items * width];
    java.util.Arrays.fill(neighbours, -1);
    for (int i = 0; i < items; i++) {
      TopKHeap heap = new TopKHeap(width);
      for (int j = 0; j < items; j++) {
        float s = FloatKernels.dot(unit, i * k, unit, j * k, k);
        if (j != i && s > 0f) {
          heap.offer(s, j);
        }
      }
      ScoredRows best = heap.result();
      for (int r = 0; r < best.size(); r++) {
        neighbours[i * width + r] = best.row(r);
        scores[i * width + r] = best.score(r);
      }
    }
    return new SimilarItems(width, neighbours, scores);
  }
}
