package dev.aisle.spark.job;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.model.ModelManifest;
import dev.aisle.spark.als.AlsFactors;
import dev.aisle.spark.als.SparkAls;
import dev.aisle.spark.als.WarmStart;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.FitEngine;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.IterationRecord;
import dev.aisle.trainer.training.TrainingSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The Spark job's fit on all pairs: the snapshot version the driver folded is read in Spark tasks,
 * one per part, with core's part reader ({@link PartPairs}: the outlier rule as on one machine),
 * trained with {@link SparkAls} (warm-started from the previous model's item factors in an
 * incremental run), and the factors collected to the driver, shoppers in the single-node trainer's
 * row order (ascending id), so that the model, the gate, the publish and the CDN precompute that
 * follow are the trainer's own code, unchanged.
 */
public final class SparkFit implements FitEngine {

  static final StructType PAIRS =
      new StructType()
          .add(SparkAls.USER, DataTypes.IntegerType)
          .add(SparkAls.ITEM, DataTypes.IntegerType)
          .add(SparkAls.WEIGHT, DataTypes.FloatType);

  private final Supplier<SparkSession> session;
  private final int blocks;

  /**
   * @param session started on first use (a command that fails before training starts no Spark)
   * @param blocks ALS blocks per side; 0: the context's default parallelism (at least 2)
   */
  public SparkFit(Supplier<SparkSession> session, int blocks) {
    this.session = session;
    this.blocks = blocks;
  }

  @Override
  public String name() {
    return ModelManifest.SPARK;
  }

  @Override
  public FitResult fitAll(Request request) {
    long started = System.nanoTime();
    SparkSession spark = session.get();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainingSet set = request.set();
    Consumer<String> progress = request.progress();
    PartSource source = source(request, !spark.sparkContext().isLocal());

    int parts = set.snapshot().manifest().parts();
    Broadcast<int[]> itemRowOf = jsc.broadcast(set.itemRowOfSnapshotItem());
    JavaRDD<PartPairs> read =
        readParts(jsc, source, parts, set.fence(), itemRowOf)
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Tuple2<Integer, String[]>> shoppers =
        read.map(p -> new Tuple2<>(p.part(), p.shoppers())).collect();
    String[][] idsOfPart = new String[parts][];
    shoppers.forEach(t -> idsOfPart[t._1()] = t._2());
    int[] offset = new int[parts + 1];
    for (int p = 0; p < parts; p++) {
      offset[p + 1] = Math.addExact(offset[p], idsOfPart[p].length);
    }
    if (offset[parts] != set.users()) {
      throw new IllegalStateException(
          "the Spark tasks kept "
              + offset[parts]
              + " shoppers, the driver's pass "
              + set.users()
              + ": not the same snapshot");
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "spark: %d parts read in %d tasks, %d shoppers, %.1f s",
            parts,
            parts,
            offset[parts],
            seconds(started)));

    Broadcast<int[]> offsets = jsc.broadcast(offset);
    // the parts are cached: ALS's blocking passes read them in fewer, larger tasks (a task has a
    // fixed cost)
    int slices = Math.min(parts, 2 * Math.max(2, jsc.defaultParallelism()));
    Dataset<Row> pairs =
        spark.createDataFrame(
            read.coalesce(Math.max(1, slices)).flatMap(p -> rows(p, offsets.value()[p.part()])),
            PAIRS);
    AlsParameters params = request.als();
    SparkAls als =
        blocks > 0
            ? new SparkAls(params, blocks, blocks)
            : SparkAls.of(params, spark.sparkContext());
    List<IterationRecord> curve = new ArrayList<>();
    AlsFactors factors =
        als.fit(
            pairs,
            warmStart(request, jsc),
            it -> {
              curve.add(new IterationRecord(it.number(), it.seconds(), null, null));
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  final  iteration %2d/%d  %6.2f s  (spark)",
                      it.number(),
                      params.iterations(),
                      it.seconds()));
              return true;
            });
    int k = params.factors();
    float[] items = factors.collectItems(set.items().size());
    float[] users = inTrainingOrder(factors.collectUsers(set.users()), idsOfPart, offset, k);
    factors.unpersist();
    read.unpersist(false);
    itemRowOf.destroy();
    offsets.destroy();
    return new FitResult(
        new ImplicitAls.Factors(users, items, k), curve.size(), Map.of(), curve, seconds(started));
  }

  /**
   * The committed version in its store; a version that was not committed lives in the driver's
   * folder, which a cluster's executors cannot read.
   */
  private static PartSource source(Request request, boolean cluster) {
    LocalSnapshot snapshot = request.set().snapshot();
    if (request.snapshot().isPresent()) {
      return PartSource.committed(
          request.snapshot().get(), snapshot.manifest().version(), snapshot.cutMs());
    }
    if (cluster) {
      throw new IllegalArgumentException(
          "a snapshot that is not committed (--no-snapshot, or a lost race) lives on "
              + "the driver only and a cluster's executors cannot read it: keep a snapshot");
    }
    return PartSource.local(snapshot.dir(), snapshot.cutMs());
  }

  /** One task per part: its kept shoppers and pairs. */
  static JavaRDD<PartPairs> readParts(
      JavaSparkContext jsc,
      PartSource source,
      int parts,
      double fence,
      Broadcast<int[]> itemRowOf) {
    return jsc.parallelize(IntStream.range(0, parts).boxed().toList(), Math.max(1, parts))
        .map(p -> source.read(p, reader -> PartPairs.read(p, reader, fence, itemRowOf.value())));
  }

  private static java.util.Iterator<Row> rows(PartPairs part, int offset) {
    List<Row> out = new ArrayList<>(part.pairs());
    part.forEach((u, i, w) -> out.add(RowFactory.create(offset + u, i, w)));
    return out.iterator();
  }

  /**
   * The previous model's item factors for the items it knows (the single-node trainer's matching).
   */
  private static WarmStart warmStart(Request request, JavaSparkContext jsc) {
    if (request.warm().isEmpty()) {
      return WarmStart.none();
    }
    int k = request.als().factors();
    int n = request.set().items().size();
    float[] y = new float[n * k];
    Arrays.fill(y, Float.NaN);
    request.warm().get().initializer(request.set().items(), request.progress()).accept(y);
    List<Tuple2<Integer, float[]>> known = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!Float.isNaN(y[i * k])) {
        known.add(new Tuple2<>(i, Arrays.copyOfRange(y, i * k, (i + 1) * k)));
      }
    }
    return WarmStart.items(jsc.parallelizePairs(known, Math.max(1, jsc.defaultParallelism())));
  }

  /**
   * Reorders the users' factors from Spark's rows (part by part) to the single-node trainer's
   * (ascending id over all parts: a merge of the parts, each already in id order).
   */
  static float[] inTrainingOrder(float[] sparkRows, String[][] idsOfPart, int[] offset, int k) {
    float[] out = new float[sparkRows.length];
    int[] next = new int[idsOfPart.length];
    PriorityQueue<Integer> queue =
        new PriorityQueue<>(
            Math.max(1, idsOfPart.length),
            Comparator.comparing((Integer p) -> idsOfPart[p][next[p]]));
    for (int p = 0; p < idsOfPart.length; p++) {
      if (idsOfPart[p].length > 0) {
        queue.add(p);
      }
    }
    int row = 0;
    for (Integer p = queue.poll(); p != null; p = queue.poll()) {
      System.arraycopy(sparkRows, (offset[p] + next[p]) * k, out, row * k, k);
      row++;
      if (++next[p] < idsOfPart[p].length) {
        queue.add(p);
      }
    }
    return out;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
