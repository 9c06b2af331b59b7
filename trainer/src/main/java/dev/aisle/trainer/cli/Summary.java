package dev.aisle.trainer.cli;

import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import java.util.Locale;

/** The short console summary the commands print to stdout (progress goes to stderr). */
final class Summary {

  private Summary() {}

  static void data(PreparedData data) {
    System.out.printf(Locale.ROOT, "data: %d events, %d users, %d items, %d user-item pairs (%s)%n",
        data.pairs().eventCount(), data.pairs().users().size(), data.pairs().items().size(), data.pairs().pairs(),
        data.source());
    System.out.println("hygiene: " + data.hygiene().summary());
  }

  static void evaluation(Evaluation e, int k) {
    System.out.printf(Locale.ROOT, "evaluation on the test hold-out (%d users; ALS stopped at %d iterations, "
        + "validation ndcg@%d %.4f):%n", e.split().get("testUsers"), e.bestIterations(), k,
        e.validation().getOrDefault("ndcg@" + k, Double.NaN));
    System.out.print(TrainingReport.table(e.test(), k));
  }
}
