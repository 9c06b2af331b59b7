package dev.aisle.storage.s3;

import dev.aisle.model.ModelManifest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a newly trained model may replace the served one: it must not be worse on the stored
 * validation metric ({@code metrics.validation.<metric>} of the manifests) by more than a relative
 * {@code tolerance}: candidate ≥ current · (1 − tolerance). Forced publishing skips the check; a
 * side without the metric cannot be compared and passes (nothing to protect, or nothing measured).
 * A current model whose manifest cannot be read fails the gate closed: it may be a sound model that
 * is briefly unreachable, and publishing blind could replace it with a worse one.
 */
public record ReleaseGate(String metric, double tolerance, boolean force) {

  public static final String VALIDATION = "validation";

  public ReleaseGate {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("the gate needs a metric name, e.g. ndcg@10");
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("gate tolerance must be in [0, 1), got " + tolerance);
    }
  }

  /** The outcome, with the figures it compared (null when absent). */
  public record Decision(boolean publish, String reason, Double candidate, Double current) {}

  public Decision decide(ModelManifest candidate, Optional<ModelManifest> current) {
    Double mine = validationMetric(candidate, metric).orElse(null);
    Double theirs = current.flatMap(m -> validationMetric(m, metric)).orElse(null);
    if (force) {
      return new Decision(true, "forced", mine, theirs);
    }
    if (current.isEmpty()) {
      return new Decision(true, "no current model", mine, null);
    }
    if (mine == null || theirs == null) {
      return new Decision(
          true,
          "not comparable: "
              + metric
              + " missing on the "
              + (mine == null ? "new" : "current")
              + " model",
          mine,
          theirs);
    }
    double floor = theirs * (1 - tolerance);
    if (mine >= floor) {
      return new Decision(
          true,
          String.format(
              Locale.ROOT,
              "%s %.4f >= %.4f (current %.4f, tolerance %.0f%%)",
              metric,
              mine,
              floor,
              theirs,
              tolerance * 100),
          mine,
          theirs);
    }
    return new Decision(
        false,
        String.format(
            Locale.ROOT,
            "%s %.4f < %.4f (current %.4f, tolerance %.0f%%)",
            metric,
            mine,
            floor,
            theirs,
            tolerance * 100),
        mine,
        theirs);
  }

  /**
   * The outcome when CURRENT names {@code version} but its manifest cannot be read: refused (the
   * next run compares again), unless forced.
   */
  public Decision decideUnreadable(
      ModelManifest candidate, String version, RuntimeException error) {
    Double mine = validationMetric(candidate, metric).orElse(null);
    if (force) {
      return new Decision(
          true, "forced (the current model " + version + " is unreadable)", mine, null);
    }
    return new Decision(
        false,
        "the current model "
            + version
            + " cannot be read ("
            + error.getMessage()
            + "): nothing to compare against, so not publishing (--force publishes anyway)",
        mine,
        null);
  }

  /** {@code metrics.validation.<name>} of a manifest, when it is a number. */
  public static Optional<Double> validationMetric(ModelManifest manifest, String name) {
    Object validation = manifest.metrics().get(VALIDATION);
    if (validation instanceof Map<?, ?> values && values.get(name) instanceof Number n) {
      return Optional.of(n.doubleValue());
    }
    return Optional.empty();
  }
}
