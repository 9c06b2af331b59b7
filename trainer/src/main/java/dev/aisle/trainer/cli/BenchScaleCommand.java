package dev.aisle.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.json.Json;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopFiles;
import dev.aisle.trainer.synthetic.ShopGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale benchmark, one command: a synthetic shop streamed to disk, a full training run on it,
 * then a day of new events folded in by an incremental run; prints every stage of both runs
 * (seconds, rows per second, peak heap) and the memory per event and per pair they imply.
 */
@Command(
    name = "bench-scale",
    mixinStandardHelpOptions = true,
    description =
        "Scale benchmark: generate a shop (streamed to disk), train it in full, fold a day of new events "
            + "in incrementally; prints per-stage seconds, rows/s and peak heap. Defaults are the full size "
            + "(5 M shoppers, 1 M items, 100 M events); --reduced is about a minute.")
final class BenchScaleCommand implements Callable<Integer> {

  private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description =
          "Working folder (shop files, models, "
              + "snapshot; the shop is reused when it is there already).")
  Path dir;

  @Option(
      names = "--reduced",
      description = "200,000 shoppers, 20,000 items, 4 M events, 100,000 new ones.")
  boolean reduced;

  @Option(names = "--shoppers", paramLabel = "N")
  Integer shoppers;

  @Option(names = "--items", paramLabel = "N")
  Integer items;

  @Option(names = "--events", paramLabel = "N")
  Long events;

  @Option(names = "--new-events", paramLabel = "N")
  Long newEvents;

  @Option(names = "--factors", paramLabel = "K", description = "(default: ${DEFAULT-VALUE})")
  int factors = 32;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "Sweeps of the full run (default: ${DEFAULT-VALUE}).")
  int iterations = 5;

  @Option(
      names = "--warm-iterations",
      paramLabel = "N",
      description = "Sweeps of the incremental run, warm-started (default: ${DEFAULT-VALUE}).")
  int warmIterations = 2;

  @Option(
      names = "--similar-per-item",
      paramLabel = "N",
      description =
          "Similar items per item; the exact build is "
              + "quadratic in the catalog, so the default skips it above 50,000 items (default: 20 below, 0 above).")
  Integer similarPerItem;

  @Option(
      names = "--evaluate",
      description = "Also run the hold-out evaluation (sampled users) in the full run.")
  boolean evaluate;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--incremental-only",
      description =
          "Only the incremental run, on the models and snapshot "
              + "already in DIR (a full run's, or an earlier incremental one's): nothing is deleted or retrained.")
  boolean incrementalOnly;

  @Option(
      names = "--day",
      paramLabel = "N",
      description =
          "Which day of new events the incremental run folds in "
              + "(day N: seed 42 + N, ending N days after the shop; default: ${DEFAULT-VALUE}).")
  int day = 1;

  @Option(
      names = "--measure-day",
      paramLabel = "N",
      description =
          "Also measure each run's model (NDCG@10 and more) "
              + "against the pairs day N's events add (generated like --day).")
  Integer measureDay;

  @Option(
      names = "--train-option",
      paramLabel = "ARG",
      description =
          "An extra option for both train runs, e.g. "
              + "--train-option=--all-rows-every=1 (repeatable).")
  List<String> trainOptions = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    int users = shoppers != null ? shoppers : reduced ? 200_000 : 5_000_000;
    int catalogItems = items != null ? items : reduced ? 20_000 : 1_000_000;
    long total = events != null ? events : reduced ? 4_000_000 : 100_000_000;
    long fresh = newEvents != null ? newEvents : reduced ? 100_000 : 1_000_000;
    int similar = similarPerItem != null ? similarPerItem : catalogItems > 50_000 ? 0 : 20;
    double perShopper = (double) total / users;
    Files.createDirectories(dir);

    Path base =
        dir.resolve(String.format(Locale.ROOT, "shop-%d-%d-%d", users, catalogItems, total));
    ShopConfig shop =
        new ShopConfig(
            users, catalogItems, 16, 24, perShopper, Duration.ofDays(90), END, 0.05, 0.002, 42);
    if (!Files.exists(base.resolve("done"))) {
      generate(base, shop, null, users);
    } else {
      System.err.println("bench: reusing " + base);
    }
    int active = (int) Math.max(1, Math.round(fresh / perShopper));
    Path delta = day(base, day, fresh, active, users, catalogItems, perShopper);
    Path later =
        measureDay == null
            ? null
            : day(base, measureDay, fresh, active, users, catalogItems, perShopper);

    Path models = dir.resolve("models");
    if (incrementalOnly && !Files.exists(models.resolve("CURRENT"))) {
      throw new IllegalArgumentException("--incremental-only needs a trained model in " + models);
    }
    if (!incrementalOnly) {
      deleteIfThere(models);
    }
    List<String> common =
        new ArrayList<>(
            List.of(
                "--catalog",
                base.resolve("catalog.csv").toString(),
                "--out",
                models.toString(),
                "--no-eval",
                "--factors",
                Integer.toString(factors),
                "--similar-per-item",
                Integer.toString(similar),
                "--no-loss-curve",
                "--work-dir",
                dir.resolve("work").toString()));
    if (threads != null) {
      common.addAll(List.of("--threads", threads.toString()));
    }
    if (later != null) {
      common.addAll(List.of("--measure-on", later.resolve("interactions.csv").toString()));
    }
    common.addAll(trainOptions);
    Path fullReport = dir.resolve("full.json");
    List<String> full =
        new ArrayList<>(
            List.of(
                "train",
                "--interactions",
                base.resolve("interactions.csv").toString(),
                "--full",
                "--iterations",
                Integer.toString(iterations),
                "--report",
                fullReport.toString()));
    full.addAll(common);
    if (evaluate) {
      full.remove("--no-eval");
    }
    if (!incrementalOnly) {
      run(full);
    }
    Path incrementalReport = dir.resolve("incremental.json");
    List<String> incremental =
        new ArrayList<>(
            List.of(
                "train",
                "--interactions",
                delta.resolve("interactions.csv").toString(),
                "--incremental",
                "--iterations",
                Integer.toString(iterations),
                "--warm-iterations",
                Integer.toString(warmIterations),
                "--report",
                incrementalReport.toString()));
    incremental.addAll(common);
    run(incremental);

    System.out.printf(
        Locale.ROOT,
        "%nbench-scale: %,d shoppers, %,d items, %,d events, then %,d new events of %,d "
            + "shoppers; %d factors; max heap %,d MB; %d cores%n",
        users,
        catalogItems,
        total,
        fresh,
        active,
        factors,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    if (!incrementalOnly) {
      print("full run", fullReport);
    }
    print("incremental run", incrementalReport);
    return 0;
  }

  /**
   * Day {@code n}'s new events by returning shoppers (generated once; day 1 keeps its old folder
   * name).
   */
  private Path day(
      Path base, int n, long fresh, int active, int users, int catalogItems, double perShopper)
      throws IOException {
    if (n < 1) {
      throw new IllegalArgumentException("days count from 1, got " + n);
    }
    Path delta =
        dir.resolve(
            String.format(Locale.ROOT, "new-%d-of-%d", fresh, users) + (n == 1 ? "" : "-day" + n));
    if (!Files.exists(delta.resolve("done"))) {
      ShopConfig config =
          new ShopConfig(
              active,
              catalogItems,
              16,
              24,
              perShopper,
              Duration.ofDays(1),
              END.plus(Duration.ofDays(n)),
              0,
              0,
              42 + n);
      generate(delta, config, base, users);
    }
    return delta;
  }

  /**
   * A shop's events and catalog, streamed to disk; {@code population} names shoppers from an
   * earlier shop.
   */
  private static void generate(Path out, ShopConfig config, Path population, int populationSize)
      throws IOException {
    deleteIfThere(out);
    Files.createDirectories(out);
    long started = System.nanoTime();
    ShopGenerator generator = new ShopGenerator(config);
    try (ShopFiles files =
        new ShopFiles(
            out.resolve("interactions.csv"),
            population == null ? out.resolve("catalog.csv") : null,
            null)) {
      ShopGenerator.Sink sink =
          new ShopGenerator.Sink() {
            @Override
            public void user(UserProfile user) {}

            @Override
            public void interaction(Interaction interaction) {
              files.interaction(interaction);
            }

            @Override
            public void item(Item item) {
              files.item(item);
            }
          };
      if (population == null) {
        generator.stream(sink);
      } else {
        // returning shoppers: named as in the earlier shop, drawn at random from it
        int digits = Integer.toString(populationSize).length();
        SplittableRandom who = new SplittableRandom(config.seed());
        generator.stream(
            sink, u -> String.format("u%0" + digits + "d", who.nextInt(populationSize)));
      }
      System.err.printf(
          Locale.ROOT,
          "bench: generated %,d events into %s in %.1f s%n",
          files.events(),
          out,
          (System.nanoTime() - started) / 1e9);
    }
    Files.writeString(out.resolve("done"), "");
  }

  private static void run(List<String> args) {
    System.err.println("bench: aisle-trainer " + String.join(" ", args));
    int exit = AisleTrainer.run(args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException(
          "aisle-trainer " + args.get(0) + " failed with exit code " + exit);
    }
  }

  /**
   * The stage table of one run's report, and what the max heap it ran within means per row read and
   * per pair (upper bounds: every stage had to fit in it; run with a smaller -Xmx to tighten them).
   */
  private static void print(String title, Path report) throws IOException {
    JsonNode r = Json.mapper().readTree(report.toFile());
    double cpu = 0;
    for (JsonNode s : r.path("stages")) {
      cpu += s.path("cpuSeconds").asDouble();
    }
    System.out.printf(
        Locale.ROOT,
        "%n%s: %,d events (%,d folded by this run), %,d shoppers, %,d pairs, %.1f s in all, "
            + "stages' CPU %.1f s (%.1f s over %d cores)%n",
        title,
        r.path("data").path("events").asLong(),
        r.path("snapshot").path("newEvents").asLong(),
        r.path("data").path("users").asLong(),
        r.path("data").path("pairs").asLong(),
        r.path("seconds").asDouble(),
        cpu,
        cpu / Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors());
    JsonNode fit = r.path("final");
    System.out.printf(
        Locale.ROOT,
        "  ALS: %s (%s)%s%n",
        fit.path("sweep").asText("-"),
        fit.path("sweepReason").asText(""),
        fit.has("shoppersResolved")
            ? String.format(
                Locale.ROOT,
                ", %,d shoppers and %,d items re-solved",
                fit.path("shoppersResolved").asLong(),
                fit.path("itemsResolved").asLong())
            : "");
    if (r.has("graph")) {
      System.out.println("  item graph: " + r.path("graph").path("reason").asText());
    }
    if (r.has("graphRecall")) {
      System.out.printf(
          Locale.ROOT,
          "  item graph recall@10 against the exact scan: %.4f%n",
          r.path("graphRecall").path("recallAt10").asDouble());
    }
    if (r.has("later")) {
      System.out.println("  against later events: " + r.path("later").path("metrics"));
    }
    System.out.printf(
        Locale.ROOT,
        "  %-10s %9s %9s %14s %12s %10s %10s  %s%n",
        "stage",
        "seconds",
        "cpu s",
        "rows",
        "rows/s",
        "peak heap",
        "after GC",
        "");
    for (JsonNode s : r.path("stages")) {
      long rows = 0;
      String unit = "";
      for (String u : List.of("rows", "events", "pairs", "shoppers", "items")) {
        if (s.has(u)) {
          rows = s.path(u).asLong();
          unit = u;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "  %-10s %9.2f %9.2f %,14d %,12d %7d MB %7s MB  %s %s%n",
          s.path("stage").asText(),
          s.path("seconds").asDouble(),
          s.path("cpuSeconds").asDouble(),
          rows,
          s.path("perSecond").asLong(),
          s.path("peakHeapMb").asLong(),
          s.has("peakAfterGcMb") ? s.path("peakAfterGcMb").asText() : "-",
          unit,
          s.path("note").asText(""));
    }
    long rowsRead = r.path("snapshot").path("rowsRead").asLong();
    long pairs = r.path("data").path("pairs").asLong();
    long factorsBytes =
        (r.path("data").path("users").asLong() + r.path("data").path("items").asLong())
            * r.path("parameters").path("factors").asLong()
            * Float.BYTES;
    double maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf(
        Locale.ROOT,
        "  whole run within -Xmx %,.0f MB: %.1f bytes per row read; (max heap - factors %,d MB) "
            + "/ pairs = %.1f bytes per pair%n",
        maxHeap / 1048576.0,
        maxHeap / Math.max(1, rowsRead),
        factorsBytes >> 20,
        (maxHeap - factorsBytes) / Math.max(1, pairs));
  }

  private static void deleteIfThere(Path folder) throws IOException {
    if (Files.exists(folder)) {
      new dev.aisle.snapshot.FolderStorage(folder.getParent())
          .deleteFolder(folder.getFileName().toString());
    }
  }
}
