package dev.aisle.trainer.training;

import java.util.Locale;

/**
 * Starting ALS settings derived from the data's size ({@code factors=auto}).
 *
 * <p>The rule: factors = min(1.5 × pairs per shopper, 6 × pairs per item), rounded to the nearest
 * power of two (in log scale) and kept within {@value #MIN_FACTORS}..{@value #MAX_FACTORS}. A
 * shopper's vector is solved from that shopper's pairs and an item's from its shoppers, so the mean
 * row lengths bound the rank the data can pin down. Fitted to the factor sweeps on the demo shop
 * (9.9 pairs per shopper, 50 per item: 16 factors, measured best 16), Last.fm (49 and 5.3: 32,
 * measured best 32) and UCI retail (61 and 73: 128, measured best 256, 128 second), see
 * docs/trainer.md. No rule for the regularization was found: it stays as configured.
 */
public final class DataSizedDefaults {

  /** Factors of a configuration whose factors wait for the data ({@code auto}). */
  public static final int PLACEHOLDER = 16;

  static final int MIN_FACTORS = 8;
  static final int MAX_FACTORS = 256;
  static final double FACTORS_PER_PAIR_PER_SHOPPER = 1.5;
  static final double FACTORS_PER_PAIR_PER_ITEM = 6;

  private DataSizedDefaults() {}

  /** The factors for {@code users} shoppers, {@code items} items and {@code pairs} pairs. */
  public static int factors(long users, long items, long pairs) {
    if (users <= 0 || items <= 0 || pairs <= 0) {
      return MIN_FACTORS;
    }
    double target =
        Math.min(
            FACTORS_PER_PAIR_PER_SHOPPER * pairs / users,
            FACTORS_PER_PAIR_PER_ITEM * pairs / items);
    int power = (int) Math.round(Math.log(Math.max(target, 1)) / Math.log(2));
    long k = 1L << Math.min(power, 30);
    return (int) Math.max(MIN_FACTORS, Math.min(MAX_FACTORS, k));
  }

  /** The rule's inputs and result, for the progress line and the report. */
  public static String explain(long users, long items, long pairs) {
    return String.format(
        Locale.ROOT,
        "min(%.1f pairs per shopper x %.1f, %.1f pairs per item x %.0f), nearest power "
            + "of two in %d..%d",
        users == 0 ? 0.0 : (double) pairs / users,
        FACTORS_PER_PAIR_PER_SHOPPER,
        items == 0 ? 0.0 : (double) pairs / items,
        FACTORS_PER_PAIR_PER_ITEM,
        MIN_FACTORS,
        MAX_FACTORS);
  }
}
