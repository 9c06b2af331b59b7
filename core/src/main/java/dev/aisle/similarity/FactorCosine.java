package dev.aisle.similarity;

import dev.aisle.linalg.FloatKernels;
import dev.aisle.model.FactorMatrix;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import java.util.concurrent.Executor;

/**
 * Cosine similarity between items in factor space: the top-K kernel over the item factors, each
 * row's dot product scaled by its inverse norm (no normalized copy of the matrix is kept). Rows
 * whose factors are all zero have similarity 0 with everything.
 *
 * <p>The inverse norms (a pass over every factor) are computed on first use, not when the model is
 * loaded: a cold start's first recommendation does not need them.
 */
public final class FactorCosine {

  private final FactorMatrix items;
  private final Executor executor;
  private final int parts;
  private final long minFloatsToSplit;

  /** The inverse norms and the scorer over them, once computed. */
  private volatile Scaled scaled;

  private record Scaled(float[] inverseNorms, TopKScorer scorer) {}

  public FactorCosine(FactorMatrix items) {
    this(items, null, 1, Long.MAX_VALUE);
  }

  /** A cosine searcher whose scans are split across {@code executor} like {@link TopKScorer}'s. */
  public FactorCosine(FactorMatrix items, Executor executor, int parts, long minFloatsToSplit) {
    this.items = items;
    this.executor = executor;
    this.parts = parts;
    this.minFloatsToSplit = minFloatsToSplit;
  }

  private Scaled scaled() {
    Scaled current = scaled;
    if (current == null) {
      synchronized (this) {
        current = scaled;
        if (current == null) {
          float[] norms = inverseNorms(items);
          current =
              new Scaled(norms, new TopKScorer(items, norms, executor, parts, minFloatsToSplit));
          scaled = current;
        }
      }
    }
    return current;
  }

  /** 1/‖row‖ for each row (0 for a zero row). */
  public static float[] inverseNorms(FactorMatrix matrix) {
    float[] data = matrix.data();
    int cols = matrix.cols();
    float[] out = new float[matrix.rows()];
    for (int row = 0; row < out.length; row++) {
      double sum = 0;
      for (int j = row * cols, end = j + cols; j < end; j++) {
        sum += (double) data[j] * data[j];
      }
      out[row] = sum > 0 ? (float) (1 / Math.sqrt(sum)) : 0f;
    }
    return out;
  }

  public float cosine(int a, int b) {
    float[] inverseNorms = scaled().inverseNorms();
    float[] data = items.data();
    int cols = items.cols();
    float dot = FloatKernels.dot(data, a * cols, data, b * cols, cols);
    return dot * inverseNorms[a] * inverseNorms[b];
  }

  /** The {@code k} rows most similar to {@code row}, itself left out, best first. */
  public ScoredRows neighbours(int row, int k, Candidates candidates) {
    Scaled scaled = scaled();
    float[] inverseNorms = scaled.inverseNorms();
    if (inverseNorms[row] == 0f) {
      return ScoredRows.empty();
    }
    float[] query = items.row(row);
    for (int j = 0; j < query.length; j++) {
      query[j] *= inverseNorms[row];
    }
    ScoredRows top = scaled.scorer().top(query, k + 1, candidates);
    int self = -1;
    for (int i = 0; i < top.size(); i++) {
      if (top.row(i) == row) {
        self = i;
      }
    }
    int n = Math.min(k, top.size() - (self >= 0 ? 1 : 0));
    int[] rows = new int[n];
    float[] scores = new float[n];
    for (int i = 0, o = 0; o < n; i++) {
      if (i != self) {
        rows[o] = top.row(i);
        scores[o++] = top.score(i);
      }
    }
    return new ScoredRows(rows, scores);
  }
}
