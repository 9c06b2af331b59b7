package dev.aisle.trainer.evaluation;

/** Scores every item for one user: what a recommender would rank. One instance per thread. */
public interface Scorer {

  /** Writes a score for every item row into {@code out} (length = items); higher is better. */
  void score(int user, float[] out);
}
