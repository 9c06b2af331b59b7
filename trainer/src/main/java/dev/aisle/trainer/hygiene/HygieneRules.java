package dev.aisle.trainer.hygiene;

import java.time.Duration;

/**
 * Settings of {@link Hygiene}.
 *
 * @param outlierIqrFactor users whose event count is above Q3 + f · IQR of log10(events per user)
 *     are dropped as bots or outliers; 0 or less turns the rule off
 * @param minUsersForOutliers the outlier rule needs at least this many users to have quartiles
 * @param maxFuture events later than the cut-off plus this are dropped ("future")
 */
public record HygieneRules(double outlierIqrFactor, int minUsersForOutliers, Duration maxFuture) {

  /** Earlier than this is a broken clock or a zero default, not a real event. */
  public static final long EARLIEST_PLAUSIBLE =
      java.time.Instant.parse("1990-01-01T00:00:00Z").toEpochMilli();

  public static HygieneRules defaults() {
    return new HygieneRules(3.0, 20, Duration.ofMinutes(5));
  }

  public HygieneRules withOutlierIqrFactor(double factor) {
    return new HygieneRules(factor, minUsersForOutliers, maxFuture);
  }
}
