package dev.aisle.bench;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.metrics.MetricSummary;
import dev.aisle.trainer.evaluation.AlsScorer;
import dev.aisle.trainer.evaluation.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One fit in its own JVM: prepares the data, fits with one engine, scores, prints one result line. */
public final class BenchChild {

  static final String RESULT = "RESULT ";
  private static final int EVAL_USERS = 10_000;

  private BenchChild() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    BenchData data = BenchData.load(args[1], Path.of(args[2]));
    int rank = Integer.parseInt(args[3]);
    int iterations = Integer.parseInt(args[4]);
    float regularization = Float.parseFloat(args[5]);
    float alpha = Float.parseFloat(args[6]);
    InteractionMatrix train = data.train();
    System.out.printf(Locale.ROOT, "%d users, %d items, %d training pairs%n", train.rows(), train.columns(),
        train.nonZeros());

    double[] fitSeconds = new double[1];
    ImplicitAls.Factors factors = engine.equals("spark")
        ? spark(train, rank, iterations, regularization, alpha, fitSeconds)
        : aisle(train, rank, iterations, regularization, alpha, fitSeconds);

    MetricSummary metrics = new Evaluator(train, data.test(), 10, EVAL_USERS, 7,
        Runtime.getRuntime().availableProcessors())
        .evaluate(() -> new AlsScorer(factors.users(), factors.items(), factors.factors()));
    System.out.println(RESULT + String.format(Locale.ROOT,
        "{\"engine\":\"%s\",\"dataset\":\"%s\",\"pairs\":%d,\"fitSeconds\":%.3f,\"peakRssMb\":%d,\"ndcg10\":%.5f,"
            + "\"recall10\":%.5f}", engine, data.name(), train.nonZeros(), fitSeconds[0], peakRssMb(), metrics.ndcg(),
        metrics.recall()));
    System.exit(0);
  }

  private static ImplicitAls.Factors aisle(InteractionMatrix train, int rank, int iterations, float regularization,
      float alpha, double[] seconds) {
    long started = System.nanoTime();
    // λ·n per row, as Spark regularizes: the same objective for both engines
    ImplicitAls.Factors factors = ImplicitAls.fit(train, new AlsParameters(rank, iterations, regularization, alpha,
        AlsParameters.Solver.CG, 3, 42, Runtime.getRuntime().availableProcessors(), true));
    seconds[0] = (System.nanoTime() - started) / 1e9;
    return factors;
  }

  /**
   * Spark MLlib implicit ALS in local[2]. Timed: ALS.fit plus pulling the factors out; not timed:
   * starting the session and caching the input (in Spark's favour).
   */
  private static ImplicitAls.Factors spark(InteractionMatrix train, int rank, int iterations, float regularization,
      float alpha, double[] seconds) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("aisle-bench")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<Row> rows = new ArrayList<>(train.nonZeros());
    for (int u = 0; u < train.rows(); u++) {
      for (int n = train.rowStart(u); n < train.rowEnd(u); n++) {
        rows.add(RowFactory.create(u, train.cols()[n], train.values()[n]));
      }
    }
    StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.FloatType);
    Dataset<Row> ratings = spark.createDataFrame(rows, schema).cache();
    ratings.count();
    long started = System.nanoTime();
    ALSModel model = new ALS().setImplicitPrefs(true).setRank(rank).setMaxIter(iterations).setRegParam(regularization)
        .setAlpha(alpha).setNumUserBlocks(4).setNumItemBlocks(4).setSeed(42).setUserCol("user").setItemCol("item")
        .setRatingCol("rating").fit(ratings);
    float[] users = collect(model.userFactors(), train.rows(), rank);
    float[] items = collect(model.itemFactors(), train.columns(), rank);
    seconds[0] = (System.nanoTime() - started) / 1e9;
    spark.stop();
    return new ImplicitAls.Factors(users, items, rank);
  }

  private static float[] collect(Dataset<Row> factors, int rows, int rank) {
    float[] out = new float[rows * rank];
    for (Row r : factors.collectAsList()) {
      int id = r.getInt(0);
      List<Float> f = r.getList(1);
      for (int d = 0; d < rank; d++) {
        out[id * rank + d] = f.get(d);
      }
    }
    return out;
  }

  /** The process's peak resident set (VmHWM in /proc/self/status), in MB. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: report what the JVM knows
    }
    return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
  }
}
