package dev.aisle.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's summary: every figure, as ratios to single-node measured in the same run. Columns:
 * fit time (Spark: from reading the pairs to the factors in the driver), its ratio to single-node,
 * the fit's process CPU time and its ratio (fair on a machine shared with other work), Spark's
 * start-up (session and first query, not in the fit time), peak RSS, the fit's own heap (peak after
 * GC minus what was live before), NDCG@10 and its difference to single-node.
 */
final class Report {

  private static final String BASE = "single-node";

  private Report() {}

  static void print(Map<String, List<JsonNode>> byDataset, double gate) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-15s %-23s %9s %8s %9s %8s %9s %8s %8s %8s %9s %9s%n",
        "dataset",
        "engine",
        "pairs",
        "fit s",
        "x single",
        "fit cpu",
        "x single",
        "start s",
        "RSS MB",
        "heap MB",
        "ndcg@10",
        "vs single");
    byDataset.forEach(
        (dataset, results) -> {
          JsonNode base = find(results, BASE);
          for (JsonNode r : results) {
            double cpu = r.path("fitCpuSeconds").asDouble();
            System.out.printf(
                Locale.ROOT,
                "%-15s %-23s %9d %8.2f %9s %8.2f %9s %8.1f %8d %8.0f %9.4f %9s%n",
                dataset,
                engine(r),
                r.path("pairs").asLong(),
                seconds(r),
                base == null ? "" : ratio(seconds(r) / seconds(base)),
                cpu,
                base == null ? "" : ratio(cpu / base.path("fitCpuSeconds").asDouble()),
                r.path("startupSeconds").asDouble(),
                r.path("peakRssMb").asLong(),
                heapDelta(r),
                ndcg(r),
                base == null ? "" : percent(ndcg(r), ndcg(base)));
          }
        });
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Quality gate: NDCG@10 at least %.0f %% below single-node's at the same settings "
            + "or better%n",
        gate * 100);
    byDataset.forEach(
        (dataset, results) -> {
          JsonNode base = find(results, BASE);
          if (base == null || BenchData.isSize(dataset)) {
            return;
          }
          for (JsonNode r : results) {
            if (r != base) {
              boolean met = ndcg(r) >= (1 - gate) * ndcg(base);
              System.out.printf(
                  Locale.ROOT,
                  "  %-15s %-23s %s (%s)%n",
                  dataset,
                  engine(r),
                  met ? "met" : "NOT met",
                  percent(ndcg(r), ndcg(base)));
            }
          }
        });
    printAgainstMllib(byDataset);
    printPerPair(byDataset);
  }

  /**
   * Single-node against MLlib at the same settings, the way the trainer's targets are stated: fit
   * CPU as a share of MLlib's, and NDCG@10 side by side.
   */
  private static void printAgainstMllib(Map<String, List<JsonNode>> byDataset) {
    System.out.println();
    System.out.println("Single-node against spark-mllib (fit CPU as a share of MLlib's):");
    byDataset.forEach(
        (dataset, results) -> {
          JsonNode base = find(results, BASE);
          JsonNode mllib = find(results, "spark-mllib");
          if (base == null || mllib == null) {
            return;
          }
          System.out.printf(
              Locale.ROOT,
              "  %-20s fit CPU %.2f vs %.2f s = %.3f x; NDCG@10 %.4f vs %.4f (%s)%n",
              dataset,
              base.path("fitCpuSeconds").asDouble(),
              mllib.path("fitCpuSeconds").asDouble(),
              base.path("fitCpuSeconds").asDouble() / mllib.path("fitCpuSeconds").asDouble(),
              ndcg(base),
              ndcg(mllib),
              ndcg(base) >= ndcg(mllib) ? "equal or better" : "below");
        });
  }

  /**
   * Across the synthetic sizes: the slope of fit time and of the heap after GC from the smallest to
   * the largest size, per training pair (what each extra pair costs, fixed costs left out).
   */
  private static void printPerPair(Map<String, List<JsonNode>> byDataset) {
    Map<String, List<JsonNode>> byEngine = new LinkedHashMap<>();
    byDataset.forEach(
        (dataset, results) -> {
          if (BenchData.isSize(dataset)) {
            results.forEach(
                r -> byEngine.computeIfAbsent(engine(r), e -> new ArrayList<>()).add(r));
          }
        });
    if (byEngine.isEmpty()) {
      return;
    }
    System.out.println();
    System.out.println(
        "Per training pair, from the smallest to the largest synthetic size (slopes):");
    byEngine.forEach(
        (engine, runs) -> {
          if (runs.size() < 2) {
            return;
          }
          JsonNode small = runs.get(0);
          JsonNode large = runs.get(runs.size() - 1);
          double pairs = large.path("pairs").asLong() - small.path("pairs").asLong();
          // not RSS: the JVM sizes its heap by its own rules, so RSS steps rather than grows per
          // pair
          System.out.printf(
              Locale.ROOT,
              "  %-23s %7.2f µs per pair and fit, %6.0f bytes of heap per pair%n",
              engine,
              (seconds(large) - seconds(small)) / pairs * 1e6,
              (heapDelta(large) - heapDelta(small)) * 1048576.0 / pairs);
        });
  }

  private static JsonNode find(List<JsonNode> results, String engine) {
    return results.stream().filter(r -> engine(r).equals(engine)).findFirst().orElse(null);
  }

  private static String engine(JsonNode r) {
    return r.path("engine").asText();
  }

  private static double seconds(JsonNode r) {
    return r.path("fitSeconds").asDouble();
  }

  private static double ndcg(JsonNode r) {
    return r.path("ndcg10").asDouble();
  }

  /** The fit's own heap: the peak after GC above what was live before it started. */
  private static double heapDelta(JsonNode r) {
    return r.path("peakHeapAfterGcMb").asDouble() - r.path("baselineHeapMb").asDouble();
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double value, double base) {
    return String.format(Locale.ROOT, "%+.1f %%", (value / base - 1) * 100);
  }
}
