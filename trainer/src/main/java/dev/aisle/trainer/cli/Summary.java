package dev.aisle.trainer.cli;

import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import java.util.Locale;

/** The short console summary the commands print to stdout (progress goes to stderr). */
final class Summary {

  private Summary() {}

  static void data(PreparedData data) {
    LocalSnapshot s = data.snapshot();
    if ("incremental".equals(s.mode())) {
      System.out.printf(Locale.ROOT, "snapshot: %d new events folded into %s (events up to %s; %d rows read since %s)%n",
          s.eventsFolded(), s.manifest().previousVersion(), s.manifest().cut(), s.rowsRead(),
          s.manifest().run().previousCut());
    } else {
      System.out.printf(Locale.ROOT, "snapshot: full build of %d events up to %s%n", s.eventsFolded(),
          s.manifest().cut());
    }
    System.out.printf(Locale.ROOT, "data: %d events, %d users, %d items, %d user-item pairs (%s)%n",
        data.set().events(), data.set().users(), data.set().items().size(), data.set().pairs(), data.source());
    System.out.println("hygiene: " + data.hygiene().summary());
  }

  static void evaluation(Evaluation e, int k) {
    System.out.printf(Locale.ROOT, "evaluation on the test hold-out (%d users; ALS stopped at %d iterations, "
        + "validation ndcg@%d %.4f):%n", e.split().get("testUsers"), e.bestIterations(), k,
        e.validation().getOrDefault("ndcg@" + k, Double.NaN));
    System.out.print(TrainingReport.table(e.test(), k));
  }
}
