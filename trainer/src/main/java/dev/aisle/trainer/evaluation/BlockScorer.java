package dev.aisle.trainer.evaluation;

/**
 * A scorer that scores a block of items at a time, so evaluation never needs a score per item of
 * the catalog at once and item-side data is reused, from cache, across the users of a chunk. The
 * evaluator asks for the blocks of a chunk of users in order: every user for block 0, then every
 * user for block 1, and so on.
 */
public interface BlockScorer extends Scorer {

  /**
   * Writes the scores of items {@code from .. from + width - 1} for {@code user} into {@code out[0,
   * width)}.
   */
  void score(int user, int from, int width, float[] out);
}
