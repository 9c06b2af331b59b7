package dev.aisle.bench;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.data.LastFmImporter;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bench dataset, prepared exactly as the trainer prepares it (hygiene, weights and decay,
 * per-user temporal hold-out): every engine fits the same training matrix and is scored by the same
 * code.
 *
 * <ul>
 *   <li>{@code uci-retail}, {@code lastfm}: the real datasets (folders given by the caller),
 *   <li>{@code demo-shop}: the main job's shop ({@code aisle-trainer generate --users 5000 --items
 *       1000 --seed 7}) weighted as infra/local/demo/synthetic-shop.properties says (30-day
 *       half-life),
 *   <li>{@code synthetic-<N>k} / {@code synthetic-<N>m}: a generated shop of about N events (N/20
 *       shoppers, 2 items per 5 shoppers, 16 categories), for time and memory at a few sizes.
 * </ul>
 */
record BenchData(String name, InteractionMatrix train, InteractionMatrix test) {

  private static final Pattern SYNTHETIC = Pattern.compile("synthetic-(\\d+)([km])");
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * The trainer's data path (hygiene, weights, a local snapshot, the temporal split) on one
   * dataset.
   */
  static BenchData load(String name, Path uciDir, Path lastFmDir) {
    Duration halfLife = name.equals("demo-shop") ? Duration.ofDays(30) : null;
    InteractionSource source =
        switch (name) {
          case "uci-retail" -> UciRetailImporter.source(uciDir);
          case "lastfm" -> LastFmImporter.source(lastFmDir);
          case "demo-shop" ->
              shop(
                  new ShopConfig(
                      5_000, 1_000, 12, 8, 20, Duration.ofDays(60), END, 0.05, 0.002, 7));
          default -> synthetic(name);
        };
    try {
      Path work = Files.createTempDirectory("aisle-bench-");
      TrainingSet set =
          TrainingSet.open(
              LocalBuild.of(
                  source,
                  new Aggregation(EventWeights.parse(null, halfLife), Duration.ofDays(14)),
                  HygieneRules.defaults(),
                  16,
                  2,
                  work),
              HygieneRules.defaults(),
              new HygieneReport());
      InteractionMatrix[] m =
          set.matrices(
              TemporalSplit.of(0.2, 3, 42),
              new byte[] {TemporalSplit.TRAIN, TemporalSplit.VALIDATION},
              new byte[] {TemporalSplit.TEST});
      return new BenchData(name, m[0], m[1]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The settings the trainer uses on each dataset (docs/trainer.md): tuned for the real ones and
   * the demo shop, with the sweep count early stopping chose; the trainer's defaults at rank 64 for
   * the synthetic sizes.
   */
  static BenchSettings settings(String name) {
    return switch (name) {
      case "uci-retail" -> new BenchSettings(128, 11, 3f, 0.1f);
      case "lastfm" -> new BenchSettings(64, 15, 1f, 0.2f);
      case "demo-shop" -> new BenchSettings(16, 15, 10f, 2f);
      default -> new BenchSettings(64, 10, 2f, 0.2f);
    };
  }

  static boolean isSize(String name) {
    return SYNTHETIC.matcher(name).matches();
  }

  private static InteractionSource synthetic(String name) {
    Matcher m = SYNTHETIC.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "unknown bench dataset " + name + " (uci-retail, lastfm, demo-shop or synthetic-<N>k|m)");
    }
    long events = Long.parseLong(m.group(1)) * (m.group(2).equals("k") ? 1_000 : 1_000_000);
    int users = (int) (events / 20);
    return shop(
        new ShopConfig(
            users,
            Math.max(100, users * 2 / 5),
            16,
            24,
            20,
            Duration.ofDays(90),
            END,
            0.05,
            0.002,
            42));
  }

  /**
   * A generated shop (seeded: the same shop every run), cut off at its newest event as a CSV is.
   */
  private static InteractionSource shop(ShopConfig config) {
    return new RowsSource("synthetic", new ShopGenerator(config).generate().interactions());
  }
}
