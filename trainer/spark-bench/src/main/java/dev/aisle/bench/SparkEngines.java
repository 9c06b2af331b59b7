package dev.aisle.bench;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.StartingFactors;
import dev.aisle.spark.als.AlsFactors;
import dev.aisle.spark.als.SparkAls;
import dev.aisle.spark.als.WarmStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two Spark engines in local[2]: Aisle's ALS on Spark ({@link SparkAls}) and MLlib's ALS. The
 * training pairs are written to Parquet beforehand, in a JVM of their own ({@link #writePairs}),
 * and each fit reads them from there, as a job reads its input: a fit's time runs from reading the
 * pairs to the factors in the driver, and its memory does not include building the input. Session
 * start and Spark SQL's first query are not timed (a job's start-up: {@link #startupSeconds}).
 */
final class SparkEngines implements AutoCloseable {

  private final SparkSession spark;
  private final Path input;
  private final InteractionMatrix train;
  private final double startupSeconds;

  SparkEngines(InteractionMatrix train, Path input) {
    long started = System.nanoTime();
    this.train = train;
    this.input = input;
    this.spark = session();
    // Spark SQL's first query in a JVM pays for its planner and code generation: a job's
    // start-up, paid once, not per pair; read the input's footer once, untimed
    pairs().count();
    this.startupSeconds = (System.nanoTime() - started) / 1e9;
  }

  /** Session start and the first read of the input: a job's fixed start-up cost. */
  double startupSeconds() {
    return startupSeconds;
  }

  private static SparkSession session() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("aisle-bench")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    return spark;
  }

  /** The training pairs as Parquet in {@code input} (4 files: 4 input partitions). */
  static void writePairs(InteractionMatrix train, Path input) {
    List<Row> rows = new ArrayList<>(train.nonZeros());
    for (int u = 0; u < train.rows(); u++) {
      for (int n = train.rowStart(u); n < train.rowEnd(u); n++) {
        rows.add(RowFactory.create(u, train.cols()[n], train.values()[n]));
      }
    }
    StructType schema =
        new StructType()
            .add(SparkAls.USER, DataTypes.IntegerType)
            .add(SparkAls.ITEM, DataTypes.IntegerType)
            .add(SparkAls.WEIGHT, DataTypes.FloatType);
    SparkSession spark = session();
    spark
        .createDataFrame(rows, schema)
        .repartition(4)
        .write()
        .mode("overwrite")
        .parquet(input.toString());
    spark.stop();
  }

  private Dataset<Row> pairs() {
    return spark.read().parquet(input.toString());
  }

  /**
   * Aisle's ALS on Spark; from the single-node trainer's starting factors when {@code sameStart}.
   */
  ImplicitAls.Factors aisle(AlsParameters params, int blocks, boolean sameStart) {
    WarmStart start = WarmStart.none();
    if (sameStart) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      float[][] f = singleNodeStart(params, train.rows(), train.columns());
      start =
          WarmStart.items(WarmStart.rows(sc, f[1], params.factors(), blocks))
              .andUsers(WarmStart.rows(sc, f[0], params.factors(), blocks));
    }
    AlsFactors fit = new SparkAls(params, blocks, blocks).fit(pairs(), start, it -> true);
    ImplicitAls.Factors factors =
        new ImplicitAls.Factors(
            fit.collectUsers(train.rows()), fit.collectItems(train.columns()), params.factors());
    fit.unpersist();
    return factors;
  }

  /**
   * MLlib's implicit ALS with the same rank, sweeps, α and seed, and λ = {@code regularization}:
   * MLlib always scales it by each row's count (ALS-WR).
   */
  ImplicitAls.Factors mllib(AlsParameters params, float regularization, int blocks) {
    ALSModel model =
        new ALS()
            .setImplicitPrefs(true)
            .setRank(params.factors())
            .setMaxIter(params.iterations())
            .setRegParam(regularization)
            .setAlpha(params.alpha())
            .setNumUserBlocks(blocks)
            .setNumItemBlocks(blocks)
            .setSeed(params.seed())
            .setUserCol(SparkAls.USER)
            .setItemCol(SparkAls.ITEM)
            .setRatingCol(SparkAls.WEIGHT)
            .fit(pairs());
    return new ImplicitAls.Factors(
        collect(model.userFactors(), train.rows(), params.factors()),
        collect(model.itemFactors(), train.columns(), params.factors()),
        params.factors());
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

  /**
   * The single-node trainer's starting factors (core ImplicitAls: {@link StartingFactors} from one
   * SplittableRandom(seed), all users' rows, then all items'), so the two engines differ only in
   * execution.
   */
  static float[][] singleNodeStart(AlsParameters params, int users, int items) {
    SplittableRandom random = new SplittableRandom(params.seed());
    float[] x = StartingFactors.rows(users, params.factors(), random);
    return new float[][] {x, StartingFactors.rows(items, params.factors(), random)};
  }

  @Override
  public void close() {
    spark.stop();
  }
}
