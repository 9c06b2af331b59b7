package dev.aisle.bench;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.data.RowsSource;
import dev.aisle.trainer.data.UciRetailImporter;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.snapshot.Aggregation;
import dev.aisle.trainer.snapshot.LocalBuild;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopGenerator;
import dev.aisle.trainer.training.TemporalSplit;
import dev.aisle.trainer.training.TrainingSet;
import dev.aisle.weighting.EventWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One bench dataset, prepared exactly as the trainer prepares it (hygiene, weights, per-user
 * temporal hold-out): both engines fit the same training matrix and are scored by the same code.
 */
record BenchData(String name, InteractionMatrix train, InteractionMatrix test) {

  static BenchData load(String name, Path uciDir) {
    InteractionSource source = switch (name) {
      case "synthetic-1m" -> synthetic();
      case "uci-retail" -> UciRetailImporter.source(uciDir);
      default -> throw new IllegalArgumentException("unknown bench dataset " + name);
    };
    try {
      Path work = Files.createTempDirectory("aisle-bench-");
      TrainingSet set = TrainingSet.open(LocalBuild.of(source, new Aggregation(EventWeights.defaults(),
          Duration.ofDays(14)), HygieneRules.defaults(), 16, 2, work), HygieneRules.defaults(), new HygieneReport());
      InteractionMatrix[] m = set.matrices(TemporalSplit.of(0.2, 3, 42),
          new byte[] {TemporalSplit.TRAIN, TemporalSplit.VALIDATION}, new byte[] {TemporalSplit.TEST});
      return new BenchData(name, m[0], m[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 50,000 shoppers, 20,000 items, about a million events (seeded: the same shop every run). */
  private static InteractionSource synthetic() {
    Instant end = Instant.parse("2026-01-01T00:00:00Z");
    ShopGenerator.Shop shop = new ShopGenerator(new ShopConfig(50_000, 20_000, 16, 24, 20, Duration.ofDays(90), end,
        0.05, 0.002, 42)).generate();
    return new RowsSource("synthetic", shop.interactions());
  }
}
