package dev.aisle.trainer.training;

/**
 * Per-user temporal hold-out. For every user with at least {@code minItems} distinct items, the
 * items first touched last (the newest {@code fraction}, at least one) become the test set; the
 * same rule on what remains gives the validation set, used for early stopping and tuning, never for
 * the final figures. Items touched at the same moment are ordered by a seeded hash, so data without
 * times (Last.fm) gets a seeded random hold-out. Held-out items are never in the user's training
 * rows: the task is "what will they discover next".
 *
 * <p>{@link Protocol#RANDOM} ignores time: each user's held-out items are a seeded random share
 * (the per-user random split most published tables use), so figures can be compared with them.
 *
 * <p>A user's roles depend only on that user's pairs, row and the seed, so {@link TrainingSet}
 * computes them shopper by shopper while it streams the snapshot: no per-pair role array is kept.
 */
public final class TemporalSplit {

  public static final byte TRAIN = 0;
  public static final byte VALIDATION = 1;
  public static final byte TEST = 2;

  /** Which of a user's items are held out: the newest (by first touch) or a seeded random share. */
  public enum Protocol {
    TEMPORAL,
    RANDOM;

    /** {@code temporal} or {@code random}. */
    public static Protocol parse(String name) {
      return switch (name.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "temporal" -> TEMPORAL;
        case "random" -> RANDOM;
        default ->
            throw new IllegalArgumentException("unknown split '" + name + "' (temporal or random)");
      };
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final double fraction;
  private final int minItems;
  private final long seed;
  private final Protocol protocol;

  private TemporalSplit(double fraction, int minItems, long seed, Protocol protocol) {
    this.fraction = fraction;
    this.minItems = minItems;
    this.seed = seed;
    this.protocol = protocol;
  }

  public static TemporalSplit of(double fraction, int minItems, long seed) {
    return of(fraction, minItems, seed, Protocol.TEMPORAL);
  }

  public static TemporalSplit of(double fraction, int minItems, long seed, Protocol protocol) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
    }
    return new TemporalSplit(fraction, minItems, seed, protocol);
  }

  public Protocol protocol() {
    return protocol;
  }

  /** One line saying how the hold-out was made, for reports. */
  public String describe() {
    String share = String.format(java.util.Locale.ROOT, "%.0f %%", 100 * fraction);
    return switch (protocol) {
      case TEMPORAL ->
          "temporal per-user split: each user's newest "
              + share
              + " of items (by first touch) are test"
              + " rows, the same rule on the rest gives validation rows; users with fewer than "
              + minItems
              + " items only train; seed "
              + seed
              + " breaks ties";
      case RANDOM ->
          "random per-user split (seed "
              + seed
              + "): a random "
              + share
              + " of each user's items are test"
              + " rows, the same on the rest gives validation rows; users with fewer than "
              + minItems
              + " items only train";
    };
  }

  /**
   * The roles of one user's pairs.
   *
   * @param user the user's row
   * @param items item rows of the user's {@code n} pairs; {@code first}: their first event times
   * @param role out: the role of each pair
   * @param order scratch of at least {@code n}
   */
  public void roles(int user, int[] items, long[] first, int n, byte[] role, int[] order) {
    java.util.Arrays.fill(role, 0, n, TRAIN);
    if (n < Math.max(2, minItems)) {
      return;
    }
    for (int p = 0; p < n; p++) {
      order[p] = p;
    }
    // ties are ordered by a hash of (seed, user, item): per user, or every user would hold out
    // the same items and those would be missing from training altogether
    final long s = seed * 0x632BE59BD9B4E019L + user;
    final boolean byTime = protocol == Protocol.TEMPORAL;
    dev.aisle.trainer.snapshot.IndexSort.sort(
        order,
        0,
        n,
        (a, b) -> {
          int c = byTime ? Long.compare(first[a], first[b]) : 0;
          return c != 0 ? c : Long.compare(mix(s, items[a]), mix(s, items[b]));
        },
        null);
    int test = Math.max(1, (int) Math.round(n * fraction));
    for (int r = n - test; r < n; r++) {
      role[order[r]] = TEST;
    }
    int rest = n - test;
    if (rest >= Math.max(2, minItems)) {
      int validation = Math.max(1, (int) Math.round(rest * fraction));
      for (int r = rest - validation; r < rest; r++) {
        role[order[r]] = VALIDATION;
      }
    }
  }

  private static long mix(long seed, int item) {
    long z = seed * 0x9E3779B97F4A7C15L + item;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
