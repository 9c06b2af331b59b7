package dev.aisle.trainer.hygiene;

import dev.aisle.event.EventType;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.validation.Ids;

/**
 * The per-row rules of hygiene, applied as rows are read: invalid rows are refused and counted by
 * reason (ids that break {@link Ids}, the api's rule; ratings missing or outside 0..5; negative or
 * non-finite values; timestamps before 1990), and a purchase without a quantity counts as 1
 * (imputed, counted).
 */
public final class RowRules {

  private RowRules() {}

  /** The row as training takes it, or null when it is invalid (counted in {@code report}). */
  public static Interaction check(Interaction row, HygieneReport report) {
    if (!Ids.isValid(row.userId()) || !Ids.isValid(row.itemId())) {
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

  /** Later than the cut plus the allowed clock skew: dropped as "future". */
  public static boolean isFuture(long timestamp, long cut, HygieneRules rules) {
    return timestamp > cut + rules.maxFuture().toMillis();
  }
}
