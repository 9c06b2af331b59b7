package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.BlendSettings;
import dev.aisle.scoring.BlendRanking;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.Arrays;

/**
 * The blend as serving ranks it: candidates are the user's ALS top {@link
 * BlendSettings#alsCandidates} unseen items and every unseen item with an item-kNN score; each
 * candidate's score is {@link BlendRanking}'s w · norm(ALS) + (1 − w) · norm(kNN); every other item
 * is left out (−∞, which the {@link Evaluator} skips). One instance per thread.
 */
public final class BlendScorer implements Scorer {

  private final AlsScorer als;
  private final ItemKnnScorer knn;
  private final InteractionMatrix seen;
  private final double alsWeight;
  private final int alsCandidates;
  private final float[] alsScores;
  private final float[] knnScores;
  private final TopKHeap heap;

  /** Rows already among the candidates (all false between calls). */
  private final boolean[] taken;

  private int[] rows = new int[0];
  private float[] candidateAls = new float[0];
  private float[] candidateKnn = new float[0];
  private float[] blended = new float[0];

  /**
   * @param seen the rows the recommenders were fitted on (never candidates)
   * @param k the evaluated list length (sets how many ALS items are re-ranked)
   */
  public BlendScorer(
      AlsScorer als, ItemKnnScorer knn, InteractionMatrix seen, double alsWeight, int k) {
    this.als = als;
    this.knn = knn;
    this.seen = seen;
    this.alsWeight = alsWeight;
    int items = seen.columns();
    this.alsCandidates = Math.min(items, BlendSettings.alsCandidates(k));
    this.alsScores = new float[items];
    this.knnScores = new float[items];
    this.heap = new TopKHeap(Math.max(1, alsCandidates));
    this.taken = new boolean[items];
  }

  @Override
  public void score(int user, float[] out) {
    als.score(user, alsScores);
    knn.score(user, knnScores);
    if (user < seen.rows()) {
      for (int n = seen.rowStart(user); n < seen.rowEnd(user); n++) {
        alsScores[seen.cols()[n]] = Float.NEGATIVE_INFINITY;
        knnScores[seen.cols()[n]] = 0f;
      }
    }
    heap.clear();
    for (int i = 0; i < alsScores.length; i++) {
      if (alsScores[i] != Float.NEGATIVE_INFINITY) {
        heap.offer(alsScores[i], i);
      }
    }
    ScoredRows top = heap.result();
    Arrays.fill(out, Float.NEGATIVE_INFINITY);
    ensure(top.size() + countPositive(knnScores));
    int n = 0;
    for (int c = 0; c < top.size(); c++) {
      add(n++, top.row(c));
      taken[top.row(c)] = true;
    }
    for (int i = 0; i < knnScores.length; i++) {
      if (knnScores[i] > 0f && !taken[i]) {
        add(n++, i);
      }
    }
    for (int c = 0; c < top.size(); c++) {
      taken[top.row(c)] = false;
    }
    BlendRanking.blend(candidateAls, candidateKnn, n, alsWeight, blended);
    for (int c = 0; c < n; c++) {
      out[rows[c]] = blended[c];
    }
  }

  private void add(int c, int row) {
    rows[c] = row;
    candidateAls[c] = alsScores[row];
    candidateKnn[c] = knnScores[row];
  }

  private static int countPositive(float[] scores) {
    int n = 0;
    for (float s : scores) {
      if (s > 0f) {
        n++;
      }
    }
    return n;
  }

  private void ensure(int n) {
    if (rows.length < n) {
      rows = new int[n];
      candidateAls = new float[n];
      candidateKnn = new float[n];
      blended = new float[n];
    }
  }
}
