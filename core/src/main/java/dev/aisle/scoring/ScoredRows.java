package dev.aisle.scoring;

/**
 * The result of a top-K search: rows best first, with their scores. Order is total: higher score
 * first, and among equal scores the lower row first, so the same query always gives the same list.
 */
public record ScoredRows(int[] rows, float[] scores) {

  public ScoredRows {
    if (rows.length != scores.length) {
      throw new IllegalArgumentException(rows.length + " rows but " + scores.length + " scores");
    }
  }

  public static ScoredRows empty() {
    return new ScoredRows(new int[0], new float[0]);
  }

  public int size() {
    return rows.length;
  }

  public int row(int i) {
    return rows[i];
  }

  public float score(int i) {
    return scores[i];
  }
}
