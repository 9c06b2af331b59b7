package dev.aisle.trainer.model;

import dev.aisle.model.SimilarItems;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.Arrays;

/**
 * The {@code perItem} nearest neighbours of every item by cosine of item factors. Normalized factors
 * are kept transposed (k × items) so one item's similarities to all others are k vectorizable
 * passes; items are spread over threads, each row independent of the others.
 */
public final class SimilarItemsBuilder {

  private static final int CHUNK = 64;

  private SimilarItemsBuilder() {}

  public static SimilarItems build(float[] itemFactors, int k, int perItem, int threads) {
    int items = itemFactors.length / k;
    int width = Math.min(perItem, Math.max(0, items - 1));
    if (width == 0) {
      return SimilarItems.none();
    }
    float[] unit = normalized(itemFactors, items, k);
    float[] transposed = new float[unit.length];
    for (int i = 0; i < items; i++) {
      for (int d = 0; d < k; d++) {
        transposed[d * items + i] = unit[i * k + d];
      }
    }
    int[] neighbours = new int[items * width];
    float[] scores = new float[items * width];
    Arrays.fill(neighbours, -1);
    Chunks.run("similar-items", threads, Chunks.count(items, CHUNK), () -> {
      float[] sim = new float[items];
      TopKHeap heap = new TopKHeap(width);
      return c -> {
        for (int i = c * CHUNK, end = Math.min(items, (c + 1) * CHUNK); i < end; i++) {
          if (isZero(unit, i, k)) {
            continue;
          }
          cosines(i, unit, transposed, k, sim);
          heap.clear();
          for (int j = 0; j < items; j++) {
            if (j != i && sim[j] > 0f) {
              heap.offer(sim[j], j);
            }
          }
          ScoredRows best = heap.result();
          for (int r = 0; r < best.size(); r++) {
            neighbours[i * width + r] = best.row(r);
            scores[i * width + r] = best.score(r);
          }
        }
      };
    });
    return new SimilarItems(width, neighbours, scores);
  }

  /** Item i's cosine to every item, into {@code sim}: k passes over the transposed unit factors. */
  private static void cosines(int i, float[] unit, float[] transposed, int k, float[] sim) {
    int items = sim.length;
    Arrays.fill(sim, 0f);
    for (int d = 0; d < k; d++) {
      float v = unit[i * k + d];
      int row = d * items;
      for (int j = 0; j < items; j++) {
        sim[j] += v * transposed[row + j];
      }
    }
  }

  private static float[] normalized(float[] f, int rows, int k) {
    float[] out = new float[f.length];
    for (int r = 0; r < rows; r++) {
      double norm = 0;
      for (int d = 0; d < k; d++) {
        norm += f[r * k + d] * f[r * k + d];
      }
      if (norm > 0) {
        float inv = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < k; d++) {
          out[r * k + d] = f[r * k + d] * inv;
        }
      }
    }
    return out;
  }

  private static boolean isZero(float[] f, int row, int k) {
    for (int d = 0; d < k; d++) {
      if (f[row * k + d] != 0f) {
        return false;
      }
    }
    return true;
  }
}
