package dev.aisle.trainer.hygiene;

import dev.aisle.trainer.data.Interaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Data hygiene, rule by rule, on rows held in memory: what the trainer's streaming path does part
 * by part (rows checked as they are read, then per shopper: future, duplicates; the outlier fence
 * on the snapshot's histogram), here in one call for small inputs and tests. Every refused or
 * dropped row is counted in the {@link HygieneReport}:
 *
 * <ol>
 *   <li>invalid rows and imputed values: {@link RowRules};
 *   <li>future: events later than the cut-off plus a small clock skew;
 *   <li>duplicates: the same user, item, type, time and value twice;
 *   <li>bots and outliers: {@link OutlierFence}.
 * </ol>
 *
 * The result is sorted by user, then time.
 */
public final class Hygiene {

  private static final Comparator<Interaction> ORDER =
      Comparator.comparing(Interaction::userId)
          .thenComparingLong(Interaction::timestamp)
          .thenComparing(Interaction::itemId)
          .thenComparing(Interaction::type)
          .thenComparingDouble(Interaction::value);

  private Hygiene() {}

  public static List<Interaction> clean(
      List<Interaction> rows, long cutoff, HygieneRules rules, HygieneReport report) {
    List<Interaction> valid = new ArrayList<>(rows.size());
    long future = 0;
    for (Interaction row : rows) {
      Interaction checked = RowRules.check(row, report);
      if (checked == null) {
        continue;
      }
      if (RowRules.isFuture(checked.timestamp(), cutoff, rules)) {
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

  /** The duplicate rule: same user, item, type, time and value. */
  public static boolean sameEvent(Interaction a, Interaction b) {
    return a.timestamp() == b.timestamp()
        && a.type() == b.type()
        && a.userId().equals(b.userId())
        && a.itemId().equals(b.itemId())
        && Double.compare(a.value(), b.value()) == 0;
  }

  private static List<Interaction> dropOutliers(
      List<Interaction> rows, HygieneRules rules, HygieneReport report) {
    Map<String, Integer> perUser = new HashMap<>();
    for (Interaction r : rows) {
      perUser.merge(r.userId(), 1, Integer::sum);
    }
    Map<Integer, Long> histogram = new TreeMap<>();
    perUser.values().forEach(n -> histogram.merge(n, 1L, Long::sum));
    double fence = OutlierFence.of(histogram, rules);
    if (Double.isInfinite(fence)) {
      return rows;
    }
    List<Interaction> kept = new ArrayList<>(rows.size());
    for (Interaction r : rows) {
      if (perUser.get(r.userId()) <= fence) {
        kept.add(r);
      }
    }
    report.dropped("outlier_user", rows.size() - kept.size());
    report.outliers(perUser.values().stream().filter(n -> n > fence).count(), fence);
    return kept;
  }
}
