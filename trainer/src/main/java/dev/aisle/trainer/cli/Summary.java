package dev.aisle.trainer.cli;

import dev.aisle.trainer.blend.BlendChoice;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import java.util.Locale;
import java.util.Map;

/** The short console summary the commands print to stdout (progress goes to stderr). */
final class Summary {

  private Summary() {}

  static void data(PreparedData data) {
    LocalSnapshot s = data.snapshot();
    if ("incremental".equals(s.mode())) {
      System.out.printf(
          Locale.ROOT,
          "snapshot: %d new events folded into %s (events up to %s; %d rows read since %s)%n",
          s.eventsFolded(),
          s.manifest().previousVersion(),
          s.manifest().cut(),
          s.rowsRead(),
          s.manifest().run().previousCut());
    } else {
      System.out.printf(
          Locale.ROOT,
          "snapshot: full build of %d events up to %s%n",
          s.eventsFolded(),
          s.manifest().cut());
    }
    System.out.printf(
        Locale.ROOT,
        "data: %d events, %d users, %d items, %d user-item pairs (%s)%n",
        data.set().events(),
        data.set().users(),
        data.set().items().size(),
        data.set().pairs(),
        data.source());
    System.out.println("hygiene: " + data.hygiene().summary());
  }

  static void evaluation(Evaluation e, int k) {
    System.out.println("protocol: " + e.protocol());
    System.out.printf(
        Locale.ROOT,
        "evaluation on the test hold-out (%d users; ALS stopped at %d iterations, "
            + "validation ndcg@%d %.4f):%n",
        e.split().get("testUsers"),
        e.bestIterations(),
        k,
        e.validation().getOrDefault("ndcg@" + k, Double.NaN));
    System.out.print(TrainingReport.table(e.test(), k));
  }

  /** The blend's figures (validation weights, test rows) and what the run serves. */
  static void blend(BlendChoice blend, int k) {
    if (blend.measured()) {
      System.out.printf(
          Locale.ROOT,
          "blend of ALS and item-kNN: weight w = %.1f chosen on validation (ndcg@%d: ALS "
              + "%.4f, item-kNN %.4f, blend %.4f); on the test rows:%n",
          blend.weight(),
          k,
          blend.validation().get("als"),
          blend.validation().get("itemKnn"),
          blend.validation().get("blend"));
      System.out.print(TrainingReport.table(blend.test(), k));
    }
    System.out.println("served: " + blend.decision());
  }

  /**
   * One plain sentence: whether a baseline beat ALS on the test rows, and what the pipeline serves
   * either way (the ALS model for shoppers it knows, popular lists for the others).
   */
  static String baselineVerdict(Evaluation e, int k) {
    String metric = "ndcg@" + k;
    double als = e.test().getOrDefault("als", Map.of()).getOrDefault(metric, Double.NaN);
    String bestName = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Map<String, Double>> r : e.test().entrySet()) {
      double v = r.getValue().getOrDefault(metric, Double.NaN);
      if (!r.getKey().equals("als") && v > bestValue) {
        bestName = r.getKey();
        bestValue = v;
      }
    }
    if (bestName == null || !(bestValue > als)) {
      return String.format(
          Locale.ROOT,
          "ALS beats the baselines on the test rows (%s %.4f vs %s %.4f); the pipeline "
              + "serves this ALS model.",
          metric,
          als,
          bestName == null ? "none" : label(bestName),
          bestValue);
    }
    return String.format(
        Locale.ROOT,
        "WARNING: %s beats ALS on the test rows (%s %.4f vs %.4f). The pipeline "
            + "serves the ALS model (personalized lists from ALS, popular lists for unknown shoppers), or, with "
            + "model-kind auto and item-kNN ahead on the validation rows too, a blend of ALS and item-kNN (train prints "
            + "which). Try tune "
            + "with a larger budget or other event weights.",
        label(bestName),
        metric,
        bestValue,
        als);
  }

  private static String label(String recommender) {
    return switch (recommender) {
      case "itemKnn" -> "item-kNN";
      default -> recommender;
    };
  }
}
