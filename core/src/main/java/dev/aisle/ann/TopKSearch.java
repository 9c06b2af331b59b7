package dev.aisle.ann;

import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;

/**
 * Top-K over a model's items, exact or approximate: the graph when the model ships one and the
 * query leaves enough rows eligible, the exact scan otherwise, and the exact scan again whenever
 * the graph finds fewer than k candidates while k or more are eligible, so a filter never costs a
 * shopper items they may be shown.
 *
 * <p>A narrow filter (a small category) goes straight to the exact scan: it skips the rows outside
 * the category before any factor is read, so it is cheap exactly where a filtered graph search is
 * slow.
 */
public final class TopKSearch {

  /**
   * Below this share of the catalog eligible, the exact scan is used (measured: docs/serving.md).
   */
  public static final double DEFAULT_MIN_ELIGIBLE_SHARE = 0.05;

  private final TopKScorer exact;
  private final ApproximateTopK approximate;
  private final double minEligibleShare;

  /**
   * @param approximate the graph search, or null for exact scans only
   */
  public TopKSearch(TopKScorer exact, ApproximateTopK approximate, double minEligibleShare) {
    this.exact = exact;
    this.approximate = approximate;
    this.minEligibleShare = minEligibleShare;
  }

  public static TopKSearch exact(TopKScorer exact) {
    return new TopKSearch(exact, null, DEFAULT_MIN_ELIGIBLE_SHARE);
  }

  public boolean approximates() {
    return approximate != null;
  }

  public TopKScorer exactScorer() {
    return exact;
  }

  /**
   * @param eligible how many rows the candidates allow, at least (e.g. the category's rows minus
   *     the excluded ones): decides between the graph and the scan, and whether a short answer from
   *     the graph must be completed
   */
  public ScoredRows top(float[] query, int k, Candidates candidates, int eligible) {
    int rows = exact.rows();
    if (approximate == null || eligible < minEligibleShare * rows) {
      return exact.top(query, k, candidates);
    }
    // the graph is walked node by node: a search that has visited every eligible row's worth of
    // nodes without finishing is no cheaper than the scan
    long visitLimit = Math.max(10_000L, (long) eligible);
    ScoredRows found = approximate.top(query, k, candidates, visitLimit);
    if (found == null || found.size() < k) {
      return exact.top(query, k, candidates);
    }
    return found;
  }
}
