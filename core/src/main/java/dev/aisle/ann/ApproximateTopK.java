package dev.aisle.ann;

import dev.aisle.model.FactorMatrix;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import dev.aisle.scoring.TopKScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Top-K by x·y over an {@link ItemGraph} built with {@link
 * ItemGraphBuilder.Geometry#INNER_PRODUCT}: Lucene's HNSW search with a beam of {@code max(k, ef)},
 * filtered during the search (only candidates are collected; others are still walked through), then
 * the best k by the exact order of {@link TopKHeap}. Scores are the same x·y an exact scan
 * computes.
 *
 * <p>Returns null when the search stopped at its visit limit (a filter that rejects most of the
 * graph): the caller then scans exactly. Thread-safe; a search allocates its own cursor.
 */
public final class ApproximateTopK {

  private final ItemGraph graph;
  private final float[] items;
  private final int rows;
  private final int cols;
  private final int ef;

  /**
   * @param ef the search beam (Lucene's k, HNSW's efSearch); recall grows with it, and so does cost
   */
  public ApproximateTopK(ItemGraph graph, FactorMatrix items, int ef) {
    if (graph.size() != items.rows()) {
      throw new IllegalArgumentException(
          "the graph has " + graph.size() + " rows, the factors " + items.rows());
    }
    if (ef < 1) {
      throw new IllegalArgumentException("ef must be at least 1");
    }
    this.graph = graph;
    this.items = items.data();
    this.rows = items.rows();
    this.cols = items.cols();
    this.ef = ef;
  }

  public int ef() {
    return ef;
  }

  public ItemGraph graph() {
    return graph;
  }

  /**
   * The best k candidate rows found, best first; null when the search gave up after {@code
   * visitLimit} nodes.
   */
  public ScoredRows top(float[] query, int k, Candidates candidates, long visitLimit) {
    if (query.length != cols) {
      throw new IllegalArgumentException(
          "query has " + query.length + " factors, items have " + cols);
    }
    KnnCollector collector =
        new TopKnnCollector(Math.max(k, ef), (int) Math.min(Integer.MAX_VALUE, visitLimit));
    try {
      HnswGraphSearcher.search(
          new QueryScorer(query), collector, graph.view(), accepted(candidates));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory graph search failed", e);
    }
    if (collector.earlyTerminated()) {
      return null;
    }
    TopKHeap heap = new TopKHeap(k);
    for (ScoreDoc doc : collector.topDocs().scoreDocs) {
      heap.offer(doc.score, doc.doc);
    }
    return heap.result();
  }

  private Bits accepted(Candidates candidates) {
    if (candidates.excluded() == null && !candidates.filtersCategory()) {
      return null;
    }
    return new Bits() {
      @Override
      public boolean get(int row) {
        return candidates.allows(row);
      }

      @Override
      public int length() {
        return rows;
      }
    };
  }

  /** x·y for every node, summed as the exact scan sums it. */
  private final class QueryScorer implements RandomVectorScorer {
    private final float[] query;

    QueryScorer(float[] query) {
      this.query = query;
    }

    @Override
    public float score(int row) {
      return TopKScorer.dot(query, 0, items, row * cols, cols);
    }

    @Override
    public int maxOrd() {
      return rows;
    }
  }
}
