package dev.aisle.trainer.training;

import java.util.Locale;

/**
 * Which rows an incremental run's ALS sweeps: only the changed ones ({@link RowSelection}) or all
 * of them. Untouched rows drift from what a sweep over everything would give them (their neighbours
 * moved; with a half-life their weights decayed), so an all-rows sweep runs every {@code
 * allRowsEvery}-th incremental run and whenever the changed share of shoppers is above {@code
 * maxChangedShare}.
 *
 * @param kind {@code partial} or {@code all-rows}
 */
public record SweepPlan(String kind, String reason) {

  public static final String PARTIAL = "partial";
  public static final String ALL_ROWS = "all-rows";

  /**
   * @param partialRuns partial runs since the last all-rows sweep (from the previous state)
   * @param allRowsEvery every how many incremental runs all rows are swept (1: always)
   * @param changedShare share of the shoppers with new events
   * @param maxChangedShare above it, all rows
   */
  public static SweepPlan decide(
      int partialRuns, int allRowsEvery, double changedShare, double maxChangedShare) {
    if (allRowsEvery < 1 || maxChangedShare < 0 || maxChangedShare > 1) {
      throw new IllegalArgumentException(
          "all-rows sweep every "
              + allRowsEvery
              + " runs, changed share "
              + maxChangedShare
              + ": need >= 1 and 0..1");
    }
    if (partialRuns + 1 >= allRowsEvery) {
      return new SweepPlan(
          ALL_ROWS,
          String.format(
              Locale.ROOT,
              "%d partial runs since the last all-rows sweep " + "(one every %d runs)",
              partialRuns,
              allRowsEvery));
    }
    if (changedShare > maxChangedShare) {
      return new SweepPlan(
          ALL_ROWS,
          String.format(
              Locale.ROOT,
              "%.1f %% of the shoppers changed (above %.1f %%)",
              100 * changedShare,
              100 * maxChangedShare));
    }
    return new SweepPlan(
        PARTIAL,
        String.format(
            Locale.ROOT,
            "%.2f %% of the shoppers changed, %d partial runs " + "since the last all-rows sweep",
            100 * changedShare,
            partialRuns));
  }

  public boolean partial() {
    return PARTIAL.equals(kind);
  }
}
