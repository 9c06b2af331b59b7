package dev.aisle.trainer.cli;

import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingSet;

/** From a built snapshot version to the data every command trains and evaluates on. */
final class Preparation {

  private Preparation() {}

  /** Applies the outlier rule and indexes shoppers and items (one pass over the snapshot). */
  static PreparedData open(
      String source,
      LocalSnapshot snapshot,
      TrainingConfig config,
      Stages stages,
      long startedNanos) {
    long started = stages.begin();
    TrainingSet set = TrainingSet.open(snapshot, config.hygiene(), snapshot.hygiene());
    stages.end(
        "hygiene",
        started,
        snapshot.manifest().count("shoppers"),
        "shoppers",
        "outlier rule over the snapshot's shoppers, rows for shoppers and items");
    if (set.pairs() == 0) {
      throw new IllegalArgumentException(
          "no usable interactions in " + source + " (" + snapshot.hygiene().summary() + ")");
    }
    return new PreparedData(
        source,
        set,
        snapshot.hygiene(),
        snapshot.cutMs(),
        snapshot,
        (System.nanoTime() - startedNanos) / 1e9);
  }
}
