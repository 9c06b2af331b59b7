package dev.aisle.snapshot;

import java.time.Duration;

/**
 * Exponential decay as the snapshot applies it: a weight seen at {@code at} counts 2^(−(to − at) /
 * halfLife) at {@code to}. Unlike {@link dev.aisle.weighting.EventWeights#decay}, an event a little
 * after {@code to} (within the clock-skew allowance) is not clamped to 1, so that decaying to one
 * cut and then moving to a later cut gives the same factor as decaying straight to the later cut:
 * factor(at, c1) · factor(c1, c2) = factor(at, c2), which is what makes folding new events into an
 * old snapshot exact.
 */
public final class Decay {

  private Decay() {}

  /** The factor from {@code atMs} to {@code toMs}; 1 without a half-life. */
  public static float factor(long atMs, long toMs, Duration halfLife) {
    if (halfLife == null || atMs == toMs) {
      return 1f;
    }
    return (float) Math.pow(0.5, (double) (toMs - atMs) / halfLife.toMillis());
  }
}
