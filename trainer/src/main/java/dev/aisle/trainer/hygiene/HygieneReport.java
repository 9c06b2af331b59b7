package dev.aisle.trainer.hygiene;

import java.util.Map;
import java.util.TreeMap;

/**
 * What data hygiene saw and did: rows read, rows refused as invalid and rows dropped by a rule,
 * each by reason, values imputed, and what was kept. Reasons are stable snake_case codes (they go
 * into the manifest's counts and the report).
 */
public final class HygieneReport {

  private long read;
  private long kept;
  private final Map<String, Long> invalid = new TreeMap<>();
  private final Map<String, Long> dropped = new TreeMap<>();
  private final Map<String, Long> imputed = new TreeMap<>();
  private long outlierUsers;
  private double outlierFence = Double.NaN;

  public void read() {
    read++;
  }

  public void read(long rows) {
    read += rows;
  }

  public void invalid(String reason) {
    invalid.merge(reason, 1L, Long::sum);
  }

  /** {@code rows} rows refused for {@code reason} at once (none: nothing is recorded). */
  public void invalid(String reason, long rows) {
    if (rows > 0) {
      invalid.merge(reason, rows, Long::sum);
    }
  }

  public void dropped(String reason, long rows) {
    if (rows > 0) {
      dropped.merge(reason, rows, Long::sum);
    }
  }

  public void imputed(String what) {
    imputed.merge(what, 1L, Long::sum);
  }

  /**
   * The outlier rule's outcome: shoppers dropped and the fence (events per shopper) they were
   * above.
   */
  public void outliers(long users, double fence) {
    outlierUsers = users;
    outlierFence = fence;
  }

  /** Events training keeps after every rule. */
  public void kept(long rows) {
    kept = rows;
  }

  /** Adds another report's reads and counts by reason (parts of one input read apart). */
  public void merge(HygieneReport other) {
    read += other.read;
    other.invalid.forEach((r, n) -> invalid.merge(r, n, Long::sum));
    other.dropped.forEach((r, n) -> dropped.merge(r, n, Long::sum));
    other.imputed.forEach((r, n) -> imputed.merge(r, n, Long::sum));
  }

  public long readRows() {
    return read;
  }

  public long keptRows() {
    return kept;
  }

  public Map<String, Long> invalid() {
    return Map.copyOf(invalid);
  }

  public Map<String, Long> dropped() {
    return Map.copyOf(dropped);
  }

  public Map<String, Long> imputedValues() {
    return Map.copyOf(imputed);
  }

  public long outlierUsers() {
    return outlierUsers;
  }

  /**
   * Events per user above which a user counted as a bot or outlier (NaN when the rule did not run).
   */
  public double outlierFence() {
    return outlierFence;
  }

  /**
   * Flat counts for the manifest: {@code rows_read}, {@code invalid_<reason>}, {@code
   * dropped_<reason>}, …
   */
  public Map<String, Long> toCounts() {
    Map<String, Long> counts = new TreeMap<>();
    counts.put("rows_read", read);
    counts.put("rows_kept", kept);
    invalid.forEach((r, n) -> counts.put("invalid_" + r, n));
    dropped.forEach((r, n) -> counts.put("dropped_" + r, n));
    imputed.forEach((r, n) -> counts.put("imputed_" + r, n));
    counts.put("outlier_users", outlierUsers);
    return counts;
  }

  /**
   * One line for the console: {@code read 1000, kept 950; invalid: bad_timestamp 3; dropped:
   * duplicate 47}.
   */
  public String summary() {
    StringBuilder s =
        new StringBuilder().append("read ").append(read).append(", kept ").append(kept);
    if (!invalid.isEmpty()) {
      s.append("; invalid: ").append(list(invalid));
    }
    if (!dropped.isEmpty()) {
      s.append("; dropped: ").append(list(dropped));
    }
    if (!imputed.isEmpty()) {
      s.append("; imputed: ").append(list(imputed));
    }
    if (outlierUsers > 0) {
      s.append(
          String.format(
              java.util.Locale.ROOT,
              "; %d outlier users (> %.0f events)",
              outlierUsers,
              outlierFence));
    }
    return s.toString();
  }

  private static String list(Map<String, Long> m) {
    StringBuilder s = new StringBuilder();
    m.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return s.toString();
  }
}
