package dev.aisle.trainer.training;

import dev.aisle.als.InteractionMatrix;
import java.util.Arrays;

/**
 * Per-user temporal hold-out. For every user with at least {@code minItems} distinct items, the
 * items first touched last (the newest {@code fraction}, at least one) become the test set; the
 * same rule on what remains gives the validation set, used for early stopping and tuning, never
 * for the final figures. Items touched at the same moment are ordered by a seeded hash, so data
 * without times (Last.fm) gets a seeded random hold-out. Held-out items are never in the user's
 * training rows: the task is "what will they discover next".
 */
public final class TemporalSplit {

  public static final byte TRAIN = 0;
  public static final byte VALIDATION = 1;
  public static final byte TEST = 2;

  private final PairTable pairs;
  private final byte[] role;

  private TemporalSplit(PairTable pairs, byte[] role) {
    this.pairs = pairs;
    this.role = role;
  }

  public static TemporalSplit split(PairTable pairs, double fraction, int minItems, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
    }
    byte[] role = new byte[pairs.pairs()];
    for (int u = 0; u < pairs.users().size(); u++) {
      int from = pairs.userStart()[u];
      int to = pairs.userStart()[u + 1];
      int n = to - from;
      if (n < Math.max(2, minItems)) {
        continue;
      }
      Integer[] byTime = new Integer[n];
      for (int p = 0; p < n; p++) {
        byTime[p] = from + p;
      }
      // ties are ordered by a hash of (seed, user, item): per user, or every user would hold out
      // the same items and those would be missing from training altogether
      final long s = seed * 0x632BE59BD9B4E019L + u;
      Arrays.sort(byTime, (a, b) -> {
        int c = Long.compare(pairs.first()[a], pairs.first()[b]);
        return c != 0 ? c : Long.compare(mix(s, pairs.item()[a]), mix(s, pairs.item()[b]));
      });
      int test = Math.max(1, (int) Math.round(n * fraction));
      for (int r = n - test; r < n; r++) {
        role[byTime[r]] = TEST;
      }
      int rest = n - test;
      if (rest >= Math.max(2, minItems)) {
        int validation = Math.max(1, (int) Math.round(rest * fraction));
        for (int r = rest - validation; r < rest; r++) {
          role[byTime[r]] = VALIDATION;
        }
      }
    }
    return new TemporalSplit(pairs, role);
  }

  public PairTable pairs() {
    return pairs;
  }

  /** Training rows: what the model may see. */
  public InteractionMatrix train() {
    return pairs.matrix(role, TRAIN);
  }

  /** Training plus validation rows: what the model sees when it is measured on the test rows. */
  public InteractionMatrix trainAndValidation() {
    return pairs.matrix(role, TRAIN, VALIDATION);
  }

  public InteractionMatrix validation() {
    return pairs.matrix(role, VALIDATION);
  }

  public InteractionMatrix test() {
    return pairs.matrix(role, TEST);
  }

  public long count(byte which) {
    long n = 0;
    for (byte r : role) {
      if (r == which) {
        n++;
      }
    }
    return n;
  }

  private static long mix(long seed, int item) {
    long z = seed * 0x9E3779B97F4A7C15L + item;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
