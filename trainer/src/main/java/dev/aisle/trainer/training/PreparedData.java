package dev.aisle.trainer.training;

import dev.aisle.catalog.Item;
import dev.aisle.trainer.data.LoadedData;
import dev.aisle.trainer.hygiene.Hygiene;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.data.Interaction;
import java.util.List;
import java.util.Map;

/** Loaded, cleaned and aggregated data: what every command trains and evaluates on. */
public record PreparedData(String source, PairTable pairs, Map<String, Item> catalog, HygieneReport hygiene, long cutoff,
    double seconds) {

  public static PreparedData prepare(LoadedData loaded, TrainingConfig config) {
    long started = System.nanoTime();
    List<Interaction> clean = Hygiene.clean(loaded.interactions(), loaded.cutoff(), config.hygiene(), loaded.report());
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("no usable interactions in " + loaded.source() + " ("
          + loaded.report().summary() + ")");
    }
    PairTable pairs = Aggregator.aggregate(clean, config.weights(), loaded.cutoff(), config.popularityHalfLife());
    return new PreparedData(loaded.source(), pairs, loaded.catalog(), loaded.report(), loaded.cutoff(),
        (System.nanoTime() - started) / 1e9);
  }
}
