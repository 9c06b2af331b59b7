package dev.aisle.trainer.training;

import java.util.Locale;

/**
 * Starting ALS settings derived from the data's size ({@code factors=auto}).
 *
 * <p>The rule: factors = 1.5 × pairs per shopper, rounded to the nearest power of two (in log
 * scale) and kept within {@value #MIN_FACTORS}..{@value #MAX_FACTORS}. A shopper's vector is solved
 * from that shopper's own pairs, so the mean history length bounds the rank the data can pin down;
 * the measured optimum tracks it on the demo shop (10 pairs per shopper: 16 factors), Last.fm (49:
 * 64) and UCI retail (61: 128), see docs/trainer.md. Pairs per item do not bound it: Last.fm has
 * 5 pairs per item and still wants 32–64 factors, because its popular head carries the signal.
 */
public final class DataSizedDefaults {

  /** Factors of a configuration whose factors wait for the data ({@code auto}). */
  public static final int PLACEHOLDER = 16;
  static final int MIN_FACTORS = 8;
  static final int MAX_FACTORS = 256;
  static final double FACTORS_PER_PAIR_PER_SHOPPER = 1.5;

  private DataSizedDefaults() {}

  /** The factors for {@code users} shoppers, {@code items} items and {@code pairs} pairs. */
  public static int factors(long users, long items, long pairs) {
    if (users <= 0 || pairs <= 0) {
      return MIN_FACTORS;
    }
    double target = FACTORS_PER_PAIR_PER_SHOPPER * pairs / users;
    int power = (int) Math.round(Math.log(Math.max(target, 1)) / Math.log(2));
    long k = 1L << Math.min(power, 30);
    return (int) Math.max(MIN_FACTORS, Math.min(MAX_FACTORS, k));
  }

  /** The rule's inputs and result, for the progress line and the report. */
  public static String explain(long users, long items, long pairs) {
    return String.format(Locale.ROOT, "%.1f pairs per shopper x %.1f, nearest power of two in %d..%d",
        users == 0 ? 0.0 : (double) pairs / users, FACTORS_PER_PAIR_PER_SHOPPER, MIN_FACTORS, MAX_FACTORS);
  }
}
