package dev.aisle.trainer.training;

/**
 * How models are measured.
 *
 * @param k list length of every metric (@K)
 * @param holdout share of each user's newest items held out (test, then validation)
 * @param minItems users with fewer distinct items are never held out (they only train)
 * @param maxUsers evaluate a seeded sample of at most this many users (0: all)
 * @param patience early stopping: stop after this many sweeps without a better validation metric
 * @param knnNeighbours neighbours kept per item by the item-kNN baseline
 * @param split which items are held out: each user's newest (temporal) or a seeded random share
 */
public record EvaluationSettings(
    int k,
    double holdout,
    int minItems,
    int maxUsers,
    int patience,
    int knnNeighbours,
    TemporalSplit.Protocol split) {

  public EvaluationSettings(
      int k, double holdout, int minItems, int maxUsers, int patience, int knnNeighbours) {
    this(k, holdout, minItems, maxUsers, patience, knnNeighbours, TemporalSplit.Protocol.TEMPORAL);
  }

  public EvaluationSettings {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be in 1..1000, got " + k);
    }
    if (!(holdout > 0 && holdout < 1)) {
      throw new IllegalArgumentException("holdout must be in (0, 1), got " + holdout);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
    if (split == null) {
      split = TemporalSplit.Protocol.TEMPORAL;
    }
  }

  /** The metric that early stopping, tuning and the publish gate compare: {@code ndcg@K}. */
  public String metric() {
    return "ndcg@" + k;
  }
}
