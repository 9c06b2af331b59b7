package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;

/** The popularity baseline: every user gets the items most users interacted with. */
public final class PopularScorer implements BlockScorer {

  private final float[] popularity;

  public PopularScorer(InteractionMatrix train) {
    popularity = new float[train.columns()];
    for (int col : train.cols()) {
      popularity[col]++;
    }
  }

  @Override
  public void score(int user, float[] out) {
    System.arraycopy(popularity, 0, out, 0, popularity.length);
  }

  @Override
  public void score(int user, int from, int width, float[] out) {
    System.arraycopy(popularity, from, out, 0, width);
  }
}
