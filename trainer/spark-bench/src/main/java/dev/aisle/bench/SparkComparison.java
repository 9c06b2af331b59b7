package dev.aisle.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Aisle's single-node ALS, the same ALS on Spark (trainer/spark) and Spark MLlib's ALS, on the same
 * data with the same settings, in one run: the measurements behind docs/scale.md's ALS decision.
 * Each fit runs in its own JVM (same heap limit), so memory is that process's own and no JIT or GC
 * state carries over; Spark runs local[2]. Prints, per dataset and engine, fit time, peak RSS, the
 * peak heap after GC and NDCG@10 / Recall@10 on the test hold-out (scored by the same code); then
 * the quality gate (NDCG@10 within 2 % of single-node) on the real datasets and the demo shop, and
 * time and memory per pair across the synthetic sizes.
 *
 * <p>Arguments: {@code [--datasets
 * uci-retail,lastfm,demo-shop,synthetic-250k,synthetic-500k,synthetic-1m] [--engines
 * single-node,spark-aisle,...] [--uci DIR] [--lastfm DIR] [--rank N] [--iterations N]
 * [--regularization X] [--alpha X[,X...]] [--weighted-regularization true] [--seed N] [--blocks
 * 4] [--heap 3g]}. Rank, iterations, regularization and alpha default to each dataset's own settings
 * (BenchData); several alphas ({@code --alpha 1,40}) run one after the other in the same run, each
 * with every engine.
 */
public final class SparkComparison {

  /** The flags Spark's own launcher adds on Java 17, and loopback-only networking. */
  static final List<String> SPARK_JVM_FLAGS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
              "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
              "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
              "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
              "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
              "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
              "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
              "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
              "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  private static final double GATE = 0.02;
  private static final List<String> QUALITY_ENGINES =
      List.of(
          "single-node",
          "spark-aisle",
          "spark-aisle-same-start",
          "spark-mllib",
          "spark-mllib-scaled");
  private static final List<String> SIZE_ENGINES =
      List.of("single-node", "spark-aisle", "spark-mllib");

  private SparkComparison() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Map<String, List<JsonNode>> byDataset = new LinkedHashMap<>();
    for (String dataset : o.datasets) {
      if (!available(dataset, o)) {
        continue;
      }
      List<String> engines =
          o.engines != null
              ? o.engines
              : BenchData.isSize(dataset) ? SIZE_ENGINES : QUALITY_ENGINES;
      if (engines.stream().anyMatch(e -> e.startsWith("spark-"))) {
        runChild(BenchChild.WRITE_PAIRS, dataset, o.settings(dataset, null), o);
      }
      for (Float alpha : o.alphas) {
        BenchSettings settings = o.settings(dataset, alpha);
        List<JsonNode> results = new ArrayList<>();
        for (String engine : engines) {
          System.out.printf(Locale.ROOT, "== %s on %s (%s)%n", engine, dataset, settings);
          results.add(runChild(engine, dataset, settings, o));
        }
        // with several alphas each gets a row group of its own (and the quality gate)
        byDataset.put(o.alphas.size() > 1 ? dataset + " α" + alpha : dataset, results);
      }
    }
    Report.print(byDataset, GATE);
  }

  private static boolean available(String dataset, Options o) {
    String dir = dataset.equals("uci-retail") ? o.uci : dataset.equals("lastfm") ? o.lastfm : null;
    if (dir == null) {
      return true;
    }
    String flag = dataset.equals("lastfm") ? "--lastfm" : "--uci";
    if (dir.isEmpty()) {
      System.out.printf("skipping %s: its folder was not given (pass %s DIR)%n", dataset, flag);
      return false;
    }
    if (!Files.isDirectory(Path.of(dir))) {
      System.out.printf("skipping %s: no folder %s (%s)%n", dataset, dir, flag);
      return false;
    }
    return true;
  }

  private static JsonNode runChild(String engine, String dataset, BenchSettings s, Options o)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + o.heap);
    // the collector the trainer's launcher and image run with (a batch job), for every engine
    command.add("-XX:+UseParallelGC");
    command.addAll(SPARK_JVM_FLAGS);
    // -Daisle.kernels=vector on the bench: every fit's JVM gets the Vector API module, which
    // selects
    // core's vector kernels (FloatKernels)
    if ("vector".equals(System.getProperty("aisle.kernels"))) {
      command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BenchChild.class.getName(),
            engine,
            dataset,
            o.uci,
            o.lastfm,
            Integer.toString(s.rank()),
            Integer.toString(s.iterations()),
            Float.toString(s.regularization()),
            Float.toString(s.alpha()),
            Long.toString(o.seed),
            Boolean.toString(o.weighted),
            Integer.toString(o.blocks)));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    // Spark binds to the host's address unless told otherwise: keep it on loopback.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = builder.start();
    JsonNode result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(BenchChild.RESULT)) {
          result = new ObjectMapper().readTree(line.substring(BenchChild.RESULT.length()));
        } else {
          System.out.println("  " + line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0 || (result == null && !engine.equals(BenchChild.WRITE_PAIRS))) {
      throw new IllegalStateException(engine + " on " + dataset + " failed (exit " + exit + ")");
    }
    return result;
  }

  static final class Options {
    /** The real datasets' folders: not part of the project, so a run skips them unless given. */
    String uci = "";

    String lastfm = "";
    List<String> datasets =
        List.of(
            "uci-retail",
            "lastfm",
            "demo-shop",
            "synthetic-250k",
            "synthetic-500k",
            "synthetic-1m");
    List<String> engines;
    Integer rank;
    Integer iterations;
    Float regularization;
    /** One value: null, the dataset's own. */
    List<Float> alphas = Collections.singletonList(null);

    boolean weighted;
    long seed = 42;
    int blocks = 4;
    String heap = "3g";

    BenchSettings settings(String dataset, Float alpha) {
      BenchSettings d = BenchData.settings(dataset);
      return new BenchSettings(
          rank != null ? rank : d.rank(),
          iterations != null ? iterations : d.iterations(),
          regularization != null ? regularization : d.regularization(),
          alpha != null ? alpha : d.alpha());
    }

    static Options parse(String[] args) {
      Options o = new Options();
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException("options come in pairs: --name value");
      }
      for (int i = 0; i < args.length; i += 2) {
        String v = args[i + 1];
        switch (args[i]) {
          case "--uci" -> o.uci = v;
          case "--lastfm" -> o.lastfm = v;
          case "--datasets" -> o.datasets = List.of(v.split(","));
          case "--engines" -> o.engines = List.of(v.split(","));
          case "--rank" -> o.rank = Integer.parseInt(v);
          case "--iterations" -> o.iterations = Integer.parseInt(v);
          case "--regularization" -> o.regularization = Float.parseFloat(v);
          case "--alpha" -> o.alphas = Stream.of(v.split(",")).map(Float::valueOf).toList();
          case "--weighted-regularization" -> o.weighted = Boolean.parseBoolean(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--blocks" -> o.blocks = Integer.parseInt(v);
          case "--heap" -> o.heap = v;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return o;
    }
  }
}
