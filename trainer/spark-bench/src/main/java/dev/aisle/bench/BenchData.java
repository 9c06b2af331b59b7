package dev.aisle.bench;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.data.LoadedData;
import dev.aisle.trainer.data.UciRetailImporter;
import dev.aisle.trainer.hygiene.Hygiene;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopGenerator;
import dev.aisle.trainer.training.Aggregator;
import dev.aisle.trainer.training.PairTable;
import dev.aisle.trainer.training.TemporalSplit;
import dev.aisle.weighting.EventWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One bench dataset, prepared exactly as the trainer prepares it (hygiene, weights, per-user
 * temporal hold-out): both engines fit the same training matrix and are scored by the same code.
 */
record BenchData(String name, InteractionMatrix train, InteractionMatrix test) {

  static BenchData load(String name, Path uciDir) {
    LoadedData loaded = switch (name) {
      case "synthetic-1m" -> synthetic();
      case "uci-retail" -> UciRetailImporter.load(uciDir);
      default -> throw new IllegalArgumentException("unknown bench dataset " + name);
    };
    var clean = Hygiene.clean(loaded.interactions(), loaded.cutoff(), HygieneRules.defaults(), loaded.report());
    PairTable pairs = Aggregator.aggregate(clean, EventWeights.defaults(), loaded.cutoff(), Duration.ofDays(14));
    TemporalSplit split = TemporalSplit.split(pairs, 0.2, 3, 42);
    return new BenchData(name, split.trainAndValidation(), split.test());
  }

  /** 50,000 shoppers, 20,000 items, about a million events (seeded: the same shop every run). */
  private static LoadedData synthetic() {
    Instant end = Instant.parse("2026-01-01T00:00:00Z");
    ShopGenerator.Shop shop = new ShopGenerator(new ShopConfig(50_000, 20_000, 16, 24, 20, Duration.ofDays(90), end,
        0.05, 0.002, 42)).generate();
    HygieneReport report = new HygieneReport();
    report.read(shop.interactions().size());
    return new LoadedData("synthetic", shop.interactions(), java.util.Map.of(), report, end.toEpochMilli());
  }
}
