package dev.aisle.trainer.model;

import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.linalg.FloatKernels;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.SimilarItems;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import dev.aisle.scoring.TopKScorer;
import java.util.Arrays;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * The {@code perItem} nearest neighbours of every item by cosine of item factors.
 *
 * <p>Small catalogs get the exact lists ({@link ExactSimilarItems}): every pair of unit factor rows
 * multiplied once, in tiles, by core's {@link dev.aisle.linalg.TileDots}, each score offered to
 * both items; the scores have the bits of {@link FloatKernels#dot}, the sum the graph search's
 * re-scoring and serving use, so exact and approximate lists agree. That is quadratic, so catalogs
 * of more than {@link #EXACT_MAX_ITEMS} items search a cosine {@link ItemGraph} (Lucene HNSW)
 * instead: one graph build, then one search per item with a beam of {@link #SEARCH_BEAM};
 * neighbours are re-scored exactly, so only the membership is approximate.
 */
public final class SimilarItemsBuilder {

  /**
   * Above this many items, similar items search a cosine graph; up to it, every pair is compared.
   * Not the serving graph's threshold ({@link ModelBuilder.Lists#graphMinItems()}): measured on the
   * 2-core machine (process CPU, random clustered factors, k = 64, 20 per item, scalar kernels),
   * the tiled exact build cost 4.8, 20.7 and 50.1 s at 20,000, 50,000 and 100,000 items, the
   * graph's build and searches 15.5, 71.8 and 135.3 s: exact was 2.7 to 3.5 times cheaper. Exact
   * grows with the square of the items, the graph about linearly, so they meet near 250,000; the
   * switch keeps a margin below that (docs/trainer.md, "Similar items: exact or graph").
   */
  public static final int EXACT_MAX_ITEMS = 200_000;

  /** Beam of the per-item graph search (HNSW efSearch). */
  static final int SEARCH_BEAM = 64;

  private static final int CHUNK = 64;

  private SimilarItemsBuilder() {}

  public static SimilarItems build(float[] itemFactors, int k, int perItem, int threads) {
    return build(new FactorMatrix(itemFactors, itemFactors.length / k, k), perItem, threads, false);
  }

  /** Whether a catalog of {@code items} searches the graph ({@link #EXACT_MAX_ITEMS}). */
  public static boolean searchesGraph(int items) {
    return items > EXACT_MAX_ITEMS;
  }

  /**
   * @param approximate search a cosine graph instead of comparing every pair
   */
  public static SimilarItems build(
      FactorMatrix factors, int perItem, int threads, boolean approximate) {
    int items = factors.rows();
    int width = Math.min(perItem, Math.max(0, items - 1));
    if (width == 0) {
      return SimilarItems.none();
    }
    int k = factors.cols();
    float[] unit = normalized(factors.data(), items, k);
    int[] neighbours = new int[items * width];
    float[] scores = new float[items * width];
    Arrays.fill(neighbours, -1);
    if (approximate) {
      ItemGraph graph =
          ItemGraphBuilder.build(
              new FactorMatrix(unit, items, k),
              ItemGraphBuilder.Geometry.COSINE,
              ItemGraphBuilder.Settings.defaults(threads));
      Chunks.run(
          "similar-items",
          threads,
          Chunks.count(items, CHUNK),
          () ->
              c -> {
                for (int i = c * CHUNK, end = Math.min(items, (c + 1) * CHUNK); i < end; i++) {
                  if (!isZero(unit, i, k)) {
                    store(i, searched(graph, unit, i, k, width), width, neighbours, scores);
                  }
                }
              });
      return new SimilarItems(width, neighbours, scores);
    }
    ExactSimilarItems.build(unit, items, k, width, threads, neighbours, scores);
    return new SimilarItems(width, neighbours, scores);
  }

  /**
   * Item i's best {@code width} by cosine among the nodes a graph search reaches (itself and
   * non-positive left out).
   */
  private static ScoredRows searched(ItemGraph graph, float[] unit, int i, int k, int width) {
    TopKnnCollector collector =
        new TopKnnCollector(Math.max(width + 1, SEARCH_BEAM), Integer.MAX_VALUE);
    RandomVectorScorer scorer =
        new RandomVectorScorer() {
          @Override
          public float score(int node) {
            return TopKScorer.dot(unit, i * k, unit, node * k, k);
          }

          @Override
          public int maxOrd() {
            return graph.size();
          }
        };
    try {
      HnswGraphSearcher.search(scorer, collector, graph.view(), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    TopKHeap heap = new TopKHeap(width);
    for (ScoreDoc doc : collector.topDocs().scoreDocs) {
      if (doc.doc != i && doc.score > 0f) {
        heap.offer(doc.score, doc.doc);
      }
    }
    return heap.result();
  }

  private static void store(int i, ScoredRows best, int width, int[] neighbours, float[] scores) {
    for (int r = 0; r < best.size(); r++) {
      neighbours[i * width + r] = best.row(r);
      scores[i * width + r] = best.score(r);
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
