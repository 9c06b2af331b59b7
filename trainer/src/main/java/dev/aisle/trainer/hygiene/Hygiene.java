package dev.aisle.trainer.hygiene;

import dev.aisle.event.EventType;
import dev.aisle.validation.Ids;
import dev.aisle.trainer.data.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cleans interactions before weighting, counting every row it refuses or drops in the
 * {@link HygieneReport}:
 * <ol>
 *   <li>invalid: ids that break {@link Ids} (the api's rule); ratings missing or
 *       outside 0..5; negative or non-finite values; timestamps before 1990;
 *   <li>missing values: a purchase without a quantity counts as quantity 1 (imputed);
 *   <li>future: events later than the cut-off plus a small clock skew;
 *   <li>duplicates: the same user, item, type, time and value twice;
 *   <li>bots and outliers: users whose event count lies above Q3 + f · IQR of log10(events per
 *       user) — log scale because activity is heavy-tailed, so the fence adapts to each shop (the
 *       spread counts as at least log10 2, see {@link #fence}).
 * </ol>
 * The result is sorted by user, then time.
 */
public final class Hygiene {

  private static final Comparator<Interaction> ORDER = Comparator.comparing(Interaction::userId)
      .thenComparingLong(Interaction::timestamp)
      .thenComparing(Interaction::itemId)
      .thenComparing(Interaction::type)
      .thenComparingDouble(Interaction::value);

  private static final double MIN_LOG_SPREAD = Math.log10(2);

  private Hygiene() {}

  public static List<Interaction> clean(List<Interaction> rows, long cutoff, HygieneRules rules, HygieneReport report) {
    long latest = cutoff + rules.maxFuture().toMillis();
    List<Interaction> valid = new ArrayList<>(rows.size());
    long future = 0;
    for (Interaction row : rows) {
      Interaction checked = validate(row, report);
      if (checked == null) {
        continue;
      }
      if (checked.timestamp() > latest) {
        future++;
        continue;
      }
      valid.add(checked);
    }
    report.dropped("future", future);

    valid.sort(ORDER);
    List<Interaction> unique = new ArrayList<>(valid.size());
    for (Interaction row : valid) {
      if (!unique.isEmpty() && sameEvent(unique.get(unique.size() - 1), row)) {
        continue;
      }
      unique.add(row);
    }
    report.dropped("duplicate", valid.size() - unique.size());

    List<Interaction> kept = dropOutliers(unique, rules, report);
    report.kept(kept.size());
    return kept;
  }

  private static Interaction validate(Interaction row, HygieneReport report) {
    if (!validId(row.userId()) || !validId(row.itemId())) {
      report.invalid("bad_id");
      return null;
    }
    if (row.timestamp() < HygieneRules.EARLIEST_PLAUSIBLE) {
      report.invalid("implausible_timestamp");
      return null;
    }
    double v = row.value();
    if (row.type() == EventType.RATING) {
      if (Double.isNaN(v)) {
        report.invalid("missing_rating");
        return null;
      }
      if (v < 0 || v > 5) {
        report.invalid("bad_value");
        return null;
      }
    } else if (row.hasValue() && (v < 0 || Double.isInfinite(v))) {
      report.invalid("bad_value");
      return null;
    }
    if (row.type() == EventType.PURCHASE && !row.hasValue()) {
      report.imputed("purchase_quantity");
      return new Interaction(row.userId(), row.itemId(), row.type(), row.timestamp(), 1.0);
    }
    return row;
  }

  static boolean validId(String id) {
    return Ids.isValid(id);
  }

  private static boolean sameEvent(Interaction a, Interaction b) {
    return a.timestamp() == b.timestamp() && a.type() == b.type() && a.userId().equals(b.userId())
        && a.itemId().equals(b.itemId()) && Double.compare(a.value(), b.value()) == 0;
  }

  /** Rows are sorted by user. */
  private static List<Interaction> dropOutliers(List<Interaction> rows, HygieneRules rules, HygieneReport report) {
    Map<String, Integer> perUser = new HashMap<>();
    for (Interaction r : rows) {
      perUser.merge(r.userId(), 1, Integer::sum);
    }
    if (rules.outlierIqrFactor() <= 0 || perUser.size() < rules.minUsersForOutliers()) {
      return rows;
    }
    double fence = Math.pow(10, fence(perUser.values().stream().mapToDouble(n -> Math.log10(n)).toArray(),
        rules.outlierIqrFactor()));
    List<Interaction> kept = new ArrayList<>(rows.size());
    long users = perUser.values().stream().filter(n -> n > fence).count();
    for (Interaction r : rows) {
      if (perUser.get(r.userId()) <= fence) {
        kept.add(r);
      }
    }
    report.dropped("outlier_user", rows.size() - kept.size());
    report.outliers(users, fence);
    return kept;
  }

  /**
   * Q3 + factor · max(Q3 − Q1, log10 2), quartiles by linear interpolation. The floor on the spread
   * keeps a shop whose users all look alike (Last.fm: everyone has 50 artists) from calling half of
   * them outliers: the fence is at least 2^factor times the upper quartile.
   */
  static double fence(double[] values, double factor) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double q1 = quantile(sorted, 0.25);
    double q3 = quantile(sorted, 0.75);
    return q3 + factor * Math.max(q3 - q1, MIN_LOG_SPREAD);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
