package dev.aisle.metrics;

import java.util.Arrays;

/**
 * Top-K ranking metrics of one user with binary relevance, as recommender papers define them.
 * {@code ranked} holds item rows best first (only its first {@code min(K, ranked.length)} entries
 * count; a shorter list is a list that ran out of items); {@code relevant} is the user's held-out
 * item rows, sorted ascending without repeats.
 *
 * <ul>
 *   <li>Precision@K = hits in the top K / K
 *   <li>Recall@K = hits in the top K / |relevant|
 *   <li>NDCG@K = DCG / ideal DCG, DCG = Σ hits 1 / log2(rank + 1), ideal = min(|relevant|, K) hits
 *       at the top
 *   <li>AP@K = Σ over hits at rank r of Precision@r / min(|relevant|, K); MAP@K is its mean over
 *       users
 * </ul>
 *
 * A user without relevant items scores 0 everywhere; callers leave such users out of averages.
 */
public final class RankingMetrics {

  private static final double[] DISCOUNT = discounts(1024);

  private RankingMetrics() {}

  public static double precision(int[] ranked, int[] relevant, int k) {
    return (double) hits(ranked, relevant, k) / k;
  }

  public static double recall(int[] ranked, int[] relevant, int k) {
    return relevant.length == 0 ? 0 : (double) hits(ranked, relevant, k) / relevant.length;
  }

  public static double ndcg(int[] ranked, int[] relevant, int k) {
    if (relevant.length == 0) {
      return 0;
    }
    double dcg = 0;
    int n = Math.min(k, ranked.length);
    for (int r = 0; r < n; r++) {
      if (isRelevant(relevant, ranked[r])) {
        dcg += discount(r);
      }
    }
    double ideal = 0;
    for (int r = 0, m = Math.min(k, relevant.length); r < m; r++) {
      ideal += discount(r);
    }
    return dcg / ideal;
  }

  public static double averagePrecision(int[] ranked, int[] relevant, int k) {
    if (relevant.length == 0) {
      return 0;
    }
    double sum = 0;
    int hits = 0;
    int n = Math.min(k, ranked.length);
    for (int r = 0; r < n; r++) {
      if (isRelevant(relevant, ranked[r])) {
        hits++;
        sum += (double) hits / (r + 1);
      }
    }
    return sum / Math.min(relevant.length, k);
  }

  /** Relevant items among the first K of {@code ranked}. */
  public static int hits(int[] ranked, int[] relevant, int k) {
    int hits = 0;
    int n = Math.min(k, ranked.length);
    for (int r = 0; r < n; r++) {
      if (isRelevant(relevant, ranked[r])) {
        hits++;
      }
    }
    return hits;
  }

  private static boolean isRelevant(int[] relevantSorted, int item) {
    return Arrays.binarySearch(relevantSorted, item) >= 0;
  }

  /** 1 / log2(rank + 2) for a 0-based rank. */
  private static double discount(int rank) {
    return rank < DISCOUNT.length ? DISCOUNT[rank] : 1.0 / log2(rank + 2);
  }

  private static double[] discounts(int n) {
    double[] d = new double[n];
    for (int r = 0; r < n; r++) {
      d[r] = 1.0 / log2(r + 2);
    }
    return d;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
