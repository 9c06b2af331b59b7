package dev.aisle.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Averages of the ranking metrics over evaluated users, and catalog coverage (the share of the
 * catalog that appears in at least one top-K list). Not thread-safe: one per thread, then {@link
 * #merge}.
 */
public final class MetricSummary {

  private final int k;
  private final int catalogSize;
  private final boolean[] recommended;
  private int users;
  private double precision;
  private double recall;
  private double ndcg;
  private double averagePrecision;

  public MetricSummary(int k, int catalogSize) {
    if (k <= 0) {
      throw new IllegalArgumentException("K must be positive");
    }
    this.k = k;
    this.catalogSize = catalogSize;
    this.recommended = new boolean[catalogSize];
  }

  /** Adds one user's top-K list (item rows, best first) and held-out items (sorted, distinct). */
  public void add(int[] ranked, int[] relevant) {
    for (int r = 0, n = Math.min(k, ranked.length); r < n; r++) {
      recommended[ranked[r]] = true;
    }
    if (relevant.length == 0) {
      return;
    }
    users++;
    precision += RankingMetrics.precision(ranked, relevant, k);
    recall += RankingMetrics.recall(ranked, relevant, k);
    ndcg += RankingMetrics.ndcg(ranked, relevant, k);
    averagePrecision += RankingMetrics.averagePrecision(ranked, relevant, k);
  }

  public void merge(MetricSummary other) {
    if (other.k != k || other.catalogSize != catalogSize) {
      throw new IllegalArgumentException("cannot merge summaries of different K or catalog");
    }
    users += other.users;
    precision += other.precision;
    recall += other.recall;
    ndcg += other.ndcg;
    averagePrecision += other.averagePrecision;
    for (int i = 0; i < catalogSize; i++) {
      recommended[i] |= other.recommended[i];
    }
  }

  public int k() {
    return k;
  }

  public int users() {
    return users;
  }

  public double precision() {
    return mean(precision);
  }

  public double recall() {
    return mean(recall);
  }

  public double ndcg() {
    return mean(ndcg);
  }

  public double map() {
    return mean(averagePrecision);
  }

  public double coverage() {
    int n = 0;
    for (boolean r : recommended) {
      if (r) {
        n++;
      }
    }
    return catalogSize == 0 ? 0 : (double) n / catalogSize;
  }

  /**
   * {@code {"precision@10":…, "recall@10":…, "ndcg@10":…, "map@10":…, "coverage@10":…, "users":…}}.
   */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("precision@" + k, precision());
    m.put("recall@" + k, recall());
    m.put("ndcg@" + k, ndcg());
    m.put("map@" + k, map());
    m.put("coverage@" + k, coverage());
    m.put("users", (double) users);
    return m;
  }

  private double mean(double sum) {
    return users == 0 ? 0 : sum / users;
  }
}
