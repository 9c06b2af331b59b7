package dev.aisle.bench;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.JitWarmUp;
import dev.aisle.metrics.MetricSummary;
import dev.aisle.trainer.evaluation.AlsScorer;
import dev.aisle.trainer.evaluation.Evaluator;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One fit in its own JVM: prepares the data, fits with one engine, scores, prints one result line.
 *
 * <p>Engines: {@code single-node} (core ImplicitAls, the trainer's ALS), {@code spark-aisle} (the
 * same ALS on Spark, trainer/spark), {@code spark-aisle-same-start} (that, from the single-node
 * trainer's starting factors: what is left is execution), {@code spark-mllib} (MLlib's ALS at the
 * same λ, which it scales by each row's count) and {@code spark-mllib-scaled} (MLlib with λ divided
 * by the mean pairs per shopper, so an average shopper gets the single-node trainer's λ), and
 * {@code single-node-wr-scaled} (the single-node trainer with that objective: λ·n per row, λ
 * divided by the mean pairs per shopper; what is left between it and spark-mllib-scaled is the
 * engine).
 *
 * <p>Arguments: engine dataset uciDir lastFmDir rank iterations regularization alpha seed
 * weightedRegularization blocks.
 */
public final class BenchChild {

  static final String RESULT = "RESULT ";

  /** Not an engine: writes the dataset's training pairs for the Spark engines, then exits. */
  static final String WRITE_PAIRS = "write-pairs";

  private static final int EVAL_USERS = 10_000;

  private BenchChild() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    BenchSettings settings =
        new BenchSettings(
            Integer.parseInt(args[4]),
            Integer.parseInt(args[5]),
            Float.parseFloat(args[6]),
            Float.parseFloat(args[7]));
    AlsParameters params =
        settings.parameters(Long.parseLong(args[8]), Boolean.parseBoolean(args[9]));
    int blocks = Integer.parseInt(args[10]);
    boolean singleNode = engine.startsWith("single-node");
    if (singleNode) {
      // as the trainer does: the JIT warm-up overlaps the data load (its start-up, like Spark's)
      JitWarmUp.startInBackground(params);
    }
    BenchData data = BenchData.load(args[1], Path.of(args[2]), Path.of(args[3]));
    InteractionMatrix train = data.train();
    System.out.printf(
        Locale.ROOT,
        "%d users, %d items, %d training pairs%n",
        train.rows(),
        train.columns(),
        train.nonZeros());

    Path parquet = Path.of("target", "bench-pairs", data.name() + ".parquet");
    if (engine.equals(WRITE_PAIRS)) {
      SparkEngines.writePairs(train, parquet);
      System.exit(0);
    }
    double startup = 0;
    if (singleNode) {
      JitWarmUp.awaitOrRun(params, System.out::println);
      startup = JitWarmUp.summary().seconds();
    }
    HeapWatch heap = new HeapWatch();
    SparkEngines spark = engine.startsWith("spark-") ? new SparkEngines(train, parquet) : null;
    if (spark != null) {
      startup = spark.startupSeconds();
    }
    long baseline = heap.reset();
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    ImplicitAls.Factors factors = fit(engine, train, params, blocks, spark);
    double seconds = (System.nanoTime() - started) / 1e9;
    // the whole process's CPU (Spark's local executors are threads of it): comparable on a busy
    // machine
    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
    long peakHeap = heap.peakAfterGc();
    long peakRss = HeapWatch.peakRssMb();
    if (spark != null) {
      spark.close();
    }

    MetricSummary metrics =
        new Evaluator(
                train, data.test(), 10, EVAL_USERS, 7, Runtime.getRuntime().availableProcessors())
            .evaluate(() -> new AlsScorer(factors.users(), factors.items(), factors.factors()));
    System.out.println(
        RESULT
            + String.format(
                Locale.ROOT,
                "{\"engine\":\"%s\",\"dataset\":\"%s\",\"settings\":\"%s\",\"pairs\":%d,\"fitSeconds\":%.3f,"
                    + "\"fitCpuSeconds\":%.3f,"
                    + "\"startupSeconds\":%.3f,\"peakRssMb\":%d,\"baselineHeapMb\":%.1f,\"peakHeapAfterGcMb\":%.1f,"
                    + "\"ndcg10\":%.5f,\"recall10\":%.5f}",
                engine,
                data.name(),
                settings,
                train.nonZeros(),
                seconds,
                cpuSeconds,
                startup,
                peakRss,
                baseline / 1048576.0,
                peakHeap / 1048576.0,
                metrics.ndcg(),
                metrics.recall()));
    System.exit(0);
  }

  private static ImplicitAls.Factors fit(
      String engine,
      InteractionMatrix train,
      AlsParameters params,
      int blocks,
      SparkEngines spark) {
    return switch (engine) {
      case "single-node" -> ImplicitAls.fit(train, params, new SweepProgress(train, params));
      case "single-node-wr-scaled" -> {
        AlsParameters scaled =
            params
                .withWeightedRegularization(true)
                .withRegularization(params.regularization() / pairsPerUser(train));
        yield ImplicitAls.fit(train, scaled, new SweepProgress(train, scaled));
      }
      case "spark-aisle" -> spark.aisle(params, blocks, false);
      case "spark-aisle-same-start" -> spark.aisle(params, blocks, true);
      case "spark-mllib" -> spark.mllib(params, params.regularization(), blocks);
      case "spark-mllib-scaled" ->
          spark.mllib(params, params.regularization() / pairsPerUser(train), blocks);
      default -> throw new IllegalArgumentException("unknown engine " + engine);
    };
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Mean stored pairs per shopper who has any. */
  private static float pairsPerUser(InteractionMatrix train) {
    int users = 0;
    for (int u = 0; u < train.rows(); u++) {
      if (train.rowLength(u) > 0) {
        users++;
      }
    }
    return (float) train.nonZeros() / Math.max(1, users);
  }
}
