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
import java.util.List;
import java.util.Locale;

/**
 * Aisle's implicit ALS against Spark MLlib's (implicitPrefs, local[2]) on the same data with the same
 * rank, regularization, alpha and iterations. Each fit runs in its own JVM (same heap limit), so
 * peak memory is that process's peak RSS (VmHWM), and a JIT or GC state never carries over. Prints
 * fit time, peak RSS and NDCG@10 / Recall@10 on the test hold-out, scored by the same code.
 *
 * <p>Arguments: {@code [--uci DIR] [--datasets synthetic-1m,uci-retail] [--rank 64] [--iterations 10]
 * [--regularization 0.05] [--alpha 1] [--heap 6g]}.
 */
public final class SparkComparison {

  /** The flags Spark's own launcher adds on Java 17, and loopback-only networking. */
  static final List<String> SPARK_JVM_FLAGS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  private SparkComparison() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    List<JsonNode> results = new ArrayList<>();
    for (String dataset : o.datasets) {
      if (dataset.equals("uci-retail") && !Files.isDirectory(Path.of(o.uci))) {
        System.out.println("skipping uci-retail: no folder " + o.uci + " (pass --uci DIR)");
        continue;
      }
      for (String engine : List.of("aisle", "spark")) {
        System.out.printf(Locale.ROOT, "== %s on %s (rank %d, %d iterations, regularization %s, alpha %s)%n", engine,
            dataset, o.rank, o.iterations, o.regularization, o.alpha);
        results.add(runChild(engine, dataset, o));
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-14s %-6s %9s %9s %12s %9s %9s%n", "dataset", "engine", "pairs", "fit s",
        "peak RSS MB", "ndcg@10", "recall@10");
    for (JsonNode r : results) {
      System.out.printf(Locale.ROOT, "%-14s %-6s %9d %9.2f %12d %9.4f %9.4f%n", r.path("dataset").asText(),
          r.path("engine").asText(), r.path("pairs").asLong(), r.path("fitSeconds").asDouble(),
          r.path("peakRssMb").asLong(), r.path("ndcg10").asDouble(), r.path("recall10").asDouble());
    }
    for (int i = 0; i + 1 < results.size(); i += 2) {
      JsonNode aisle = results.get(i);
      JsonNode spark = results.get(i + 1);
      double ratio = aisle.path("fitSeconds").asDouble() / spark.path("fitSeconds").asDouble();
      boolean quality = aisle.path("ndcg10").asDouble() >= spark.path("ndcg10").asDouble() - 1e-4;
      System.out.printf(Locale.ROOT, "%s: Aisle fit time = %.3f x Spark's (target <= 0.10: %s); NDCG@10 %s%n",
          aisle.path("dataset").asText(), ratio, ratio <= 0.10 ? "met" : "NOT met",
          quality ? "equal or better" : "lower");
    }
  }

  private static JsonNode runChild(String engine, String dataset, Options o) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + o.heap);
    if (engine.equals("spark")) {
      command.addAll(SPARK_JVM_FLAGS);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), engine, dataset,
        o.uci, Integer.toString(o.rank), Integer.toString(o.iterations), Float.toString(o.regularization),
        Float.toString(o.alpha)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    // Spark binds to the host's address unless told otherwise: keep it on loopback.
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = builder.start();
    JsonNode result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(BenchChild.RESULT)) {
          result = new ObjectMapper().readTree(line.substring(BenchChild.RESULT.length()));
        } else {
          System.out.println("  " + line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(engine + " on " + dataset + " failed (exit " + exit + ")");
    }
    return result;
  }

  static final class Options {
    String uci = "/work/shared/data/uci-online-retail";
    List<String> datasets = List.of("synthetic-1m", "uci-retail");
    int rank = 64;
    int iterations = 10;
    float regularization = 0.05f;
    float alpha = 1f;
    String heap = "6g";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i + 1 < args.length; i += 2) {
        String v = args[i + 1];
        switch (args[i]) {
          case "--uci" -> o.uci = v;
          case "--datasets" -> o.datasets = List.of(v.split(","));
          case "--rank" -> o.rank = Integer.parseInt(v);
          case "--iterations" -> o.iterations = Integer.parseInt(v);
          case "--regularization" -> o.regularization = Float.parseFloat(v);
          case "--alpha" -> o.alpha = Float.parseFloat(v);
          case "--heap" -> o.heap = v;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return o;
    }
  }
}
