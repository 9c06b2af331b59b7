package dev.aisle.model;

/**
 * Precomputed nearest neighbours of every item (cosine on item factors, best first). Layout: {@code
 * neighbours} and {@code scores} are row-major, stride = {@link #perItem()}; row {@code i} holds
 * item i's neighbours as item rows, padded with -1 when it has fewer.
 */
public record SimilarItems(int perItem, int[] neighbours, float[] scores) {

  public SimilarItems {
    if (perItem < 0
        || neighbours.length != scores.length
        || perItem > 0 && neighbours.length % perItem != 0) {
      throw new IllegalArgumentException("similar-items arrays do not match perItem=" + perItem);
    }
  }

  public static SimilarItems none() {
    return new SimilarItems(0, new int[0], new float[0]);
  }

  public boolean isEmpty() {
    return perItem == 0;
  }
}
