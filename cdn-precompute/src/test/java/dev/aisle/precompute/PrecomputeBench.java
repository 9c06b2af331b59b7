package dev.aisle.precompute;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.precompute.source.ShopperVectors;
import dev.aisle.storage.AisleSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The precompute at scale, timed: a model with random factors (the arithmetic is the same as for a
 * trained one; segments of random vectors mean nothing), a catalog CSV and a users CSV are written
 * to a folder first (not timed), then one full run reads them and publishes into a local folder.
 * Prints the steps' seconds, the total, the peak heap (sampled every 10 ms) and the process' peak
 * RSS.
 *
 * <pre>./mvnw -B -pl cdn-precompute -Pbench verify</pre>
 *
 * Arguments: --items N --shoppers N --segments N [--factors 64] [--similar 20] [--k 20] [--dir DIR]
 */
public final class PrecomputeBench {

  private static final String[] COUNTRIES = {
    "de", "fr", "us", "gb", "es", "it", "nl", "pl", "se", "jp", "br", "ca", "au", "in", "mx", "at",
    "ch", "be", "dk", "no"
  };
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
  private static final String[] CHANNELS = {"direct", "search", "social", "email", "ads"};

  /** Bump when the generated inputs change, so cached inputs are made again. */
  private static final int GENERATOR = 3;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int items = Integer.parseInt(options.getOrDefault("items", "100000"));
    int shoppers = Integer.parseInt(options.getOrDefault("shoppers", "1000000"));
    int segments = Integer.parseInt(options.getOrDefault("segments", "200"));
    int factors = Integer.parseInt(options.getOrDefault("factors", "64"));
    int similar = Integer.parseInt(options.getOrDefault("similar", "20"));
    int k = Integer.parseInt(options.getOrDefault("k", "20"));
    Path dir = Path.of(options.getOrDefault("dir", "target/bench"));

    System.out.printf(
        Locale.ROOT,
        "bench items=%d shoppers=%d segments=%d factors=%d similar=%d k=%d cores=%d max_heap_mb=%d%n",
        items,
        shoppers,
        segments,
        factors,
        similar,
        k,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    long setup = System.nanoTime();
    Path data =
        dir.resolve(
            "data-" + GENERATOR + "-" + items + "-" + shoppers + "-" + factors + "-" + similar);
    if (!Files.exists(data.resolve("done"))) {
      generate(data, items, shoppers, factors, similar);
      Files.writeString(data.resolve("done"), "");
    }
    Path out = dir.resolve("out");
    dev.aisle.storage.s3.ModelStore.deleteFolder(out); // measure a first publication, not a rerun
    System.out.printf(
        Locale.ROOT,
        "setup_seconds=%.1f (inputs in %s, not timed)%n",
        (System.nanoTime() - setup) / 1e9,
        data);
    System.gc();

    PrecomputeRequest request =
        PrecomputeRequest.builder(
                new ModelInput.FromDirectory(data.resolve("model"), Optional.empty()),
                out.toString())
            .catalog(new RecordSource.CsvFile(data.resolve("catalog.csv")))
            .profiles(new RecordSource.CsvFile(data.resolve("users.csv")))
            .shoppers(shopperVectors(shoppers, factors))
            .segments(segments)
            .k(k)
            .similarK(similar)
            .threads(4)
            .build();
    HeapSampler heap = new HeapSampler();
    heap.start();
    long cpuStarted = processCpuNanos();
    long started = System.nanoTime();
    PrecomputeSummary summary;
    try (CdnPrecompute precompute = new CdnPrecompute(AisleSettings.fromEnv(Map.of()))) {
      summary = precompute.run(request);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
    heap.stop();

    System.out.println(summary.line());
    summary
        .seconds()
        .forEach((step, s) -> System.out.printf(Locale.ROOT, "step %-12s %7.2f s%n", step, s));
    // On a shared machine wall time includes waiting for a core; CPU time shows the work itself.
    System.out.printf(
        Locale.ROOT,
        "RESULT precompute_seconds=%.1f cpu_seconds=%.1f peak_heap_mb=%d peak_rss_mb=%d "
            + "target_seconds=60 %s%n",
        seconds,
        cpuSeconds,
        heap.peak() >> 20,
        peakRssKb() >> 10,
        seconds < 60 ? "OK" : "SLOWER_THAN_TARGET");
  }

  private static void generate(Path data, int items, int shoppers, int factors, int similar)
      throws IOException {
    Files.createDirectories(data);
    Random random = new Random(1);
    float scale = (float) (1 / Math.sqrt(factors));
    List<String> itemIds = new ArrayList<>(items);
    String[] categories = new String[items];
    float[] itemFactors = new float[items * factors];
    for (int i = 0; i < items; i++) {
      itemIds.add("item-" + i);
      categories[i] = "category-" + (i % 50);
    }
    for (int j = 0; j < itemFactors.length; j++) {
      itemFactors[j] = (float) random.nextGaussian() * scale;
    }
    int[] neighbours = new int[items * similar];
    float[] scores = new float[items * similar];
    for (int i = 0; i < items; i++) {
      for (int j = 0; j < similar; j++) {
        neighbours[i * similar + j] = random.nextInt(items);
        scores[i * similar + j] = 1f - j / (float) similar;
      }
    }
    List<RankedItem> overall = new ArrayList<>();
    Map<String, List<RankedItem>> byCategory = new HashMap<>();
    for (int i = 0; i < Math.min(1000, items); i++) {
      int row = (int) ((long) i * 7919 % items);
      RankedItem item = new RankedItem(itemIds.get(row), 1000 - i);
      overall.add(item);
      byCategory.computeIfAbsent(categories[row], c -> new ArrayList<>()).add(item);
    }
    ModelManifest manifest =
        new ModelManifest(
            1,
            "bench",
            Instant.parse("2026-01-01T00:00:00Z"),
            factors,
            shoppers,
            items,
            similar,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    ModelFiles.write(
        new Model(
            manifest,
            new IdIndex(itemIds),
            new FactorMatrix(itemFactors, items, factors),
            categories,
            new PopularLists(overall, byCategory),
            new SimilarItems(similar, neighbours, scores)),
        data.resolve("model"));

    try (BufferedWriter out = Files.newBufferedWriter(data.resolve("catalog.csv"))) {
      out.write("item_id,title,category,price,tags,available\n");
      for (int i = 0; i < items; i++) {
        out.write(
            String.format(
                Locale.ROOT,
                "item-%d,\"Product %d, size %d\",%s,%.2f,tag-%d|tag-%d,%s%n",
                i,
                i,
                i % 7,
                categories[i],
                1 + random.nextInt(20000) / 100.0,
                i % 13,
                i % 17,
                i % 50 == 49 ? "false" : "true"));
      }
    }
    try (BufferedWriter out = Files.newBufferedWriter(data.resolve("users.csv"))) {
      out.write("user_id,country,device,channel\n");
      for (int u = 0; u < shoppers; u++) {
        out.write(
            "user-"
                + u
                + ","
                + COUNTRIES[random.nextInt(COUNTRIES.length)]
                + ","
                + DEVICES[random.nextInt(DEVICES.length)]
                + ","
                + CHANNELS[random.nextInt(CHANNELS.length)]
                + "\n");
      }
    }
  }

  /**
   * The shoppers' vectors, generated as they are streamed (seeded per shopper), as a table scan
   * hands them over: the bench itself never holds ten million of them.
   */
  private static ShopperVectors shopperVectors(int shoppers, int factors) {
    float scale = (float) (1 / Math.sqrt(factors));
    return new ShopperVectors() {
      @Override
      public void forEach(
          Model model,
          java.util.function.Supplier<software.amazon.awssdk.services.dynamodb.DynamoDbClient>
              dynamo,
          Sink sink) {
        float[] vector = new float[factors];
        for (int u = 0; u < shoppers; u++) {
          java.util.SplittableRandom random =
              new java.util.SplittableRandom(u * 0x9E3779B97F4A7C15L + 2);
          for (int j = 0; j < factors; j++) {
            vector[j] = (float) random.nextGaussian() * scale;
          }
          sink.accept("user-" + u, vector);
        }
      }

      @Override
      public String describe() {
        return "generated (" + shoppers + " shoppers)";
      }
    };
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The process' peak resident set (VmHWM), in KiB; -1 where /proc is not available. */
  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** Samples used heap every 10 ms on a daemon thread and keeps the maximum. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
      peak.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peak() {
      return peak.get();
    }
  }
}
