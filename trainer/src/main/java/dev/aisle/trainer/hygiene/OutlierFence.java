package dev.aisle.trainer.hygiene;

import java.util.Map;

/**
 * The bot and outlier rule: shoppers whose kept event count lies above Q3 + f · max(IQR, log10 2)
 * of log10(events per shopper) are dropped — log scale because activity is heavy-tailed, so the
 * fence adapts to each shop; the floor on the spread keeps a shop whose shoppers all look alike
 * (Last.fm: everyone has 50 artists) from calling half of them outliers. Quartiles by linear
 * interpolation. Computed from the histogram of counts (count → shoppers), which the snapshot
 * keeps, so the fence is known before any pass over the shoppers themselves.
 */
public final class OutlierFence {

  private static final double MIN_LOG_SPREAD = Math.log10(2);

  private OutlierFence() {}

  /**
   * The fence in events per shopper: a shopper with more is an outlier. Infinite when the rule is
   * off or there are fewer shoppers than it needs.
   */
  public static double of(Map<Integer, Long> eventsPerShopper, HygieneRules rules) {
    long shoppers = eventsPerShopper.values().stream().mapToLong(Long::longValue).sum();
    if (rules.outlierIqrFactor() <= 0 || shoppers < rules.minUsersForOutliers() || shoppers == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double q1 = quantile(eventsPerShopper, shoppers, 0.25);
    double q3 = quantile(eventsPerShopper, shoppers, 0.75);
    return Math.pow(10, q3 + rules.outlierIqrFactor() * Math.max(q3 - q1, MIN_LOG_SPREAD));
  }

  /**
   * Whether a shopper with {@code events} kept events is left out of training under {@code fence}:
   * the one comparison every reader of the snapshot applies (the single-node passes and the Spark
   * tasks that read its parts).
   */
  public static boolean isOutlier(int events, double fence) {
    return events > fence;
  }

  /**
   * The q-quantile of log10(count) over all shoppers, sorted ascending (histogram keys ascending).
   */
  private static double quantile(Map<Integer, Long> histogram, long n, double q) {
    double pos = q * (n - 1);
    long lo = (long) Math.floor(pos);
    long hi = Math.min(n - 1, lo + 1);
    double low = Math.log10(countAt(histogram, lo));
    double high = Math.log10(countAt(histogram, hi));
    return low + (pos - lo) * (high - low);
  }

  /** The count of the shopper at this rank of the ascending order. */
  private static int countAt(Map<Integer, Long> histogram, long rank) {
    long seen = 0;
    for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(histogram).entrySet()) {
      seen += e.getValue();
      if (rank < seen) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("rank " + rank + " beyond " + seen + " shoppers");
  }
}
