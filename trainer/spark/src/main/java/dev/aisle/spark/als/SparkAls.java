package dev.aisle.spark.als;

import dev.aisle.als.AlsParameters;
import java.util.Locale;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aisle's implicit ALS on Spark: the objective, solver and parameters of the single-node trainer
 * ({@code core ImplicitAls}: confidence 1 + α·w, plain λ·I unless {@code weightedRegularization},
 * CG or Cholesky row solves by core's {@code ImplicitSolver}), run over a blocked layout in the
 * manner of Spark MLlib's ALS: users and items are split into blocks; each half-sweep sends every
 * block of the fixed side's factors to the blocks that reference them (one message per pair of
 * blocks), and each destination block solves its rows in one task. Why not MLlib's ALS itself:
 * docs/scale.md (its regularization cannot be plain λ, which the stream's fold-in assumes, and it
 * has no warm start).
 *
 * <p>Input: a {@link Dataset} with columns {@value #USER} and {@value #ITEM} (row numbers, integers
 * in 0..2³¹−1) and {@value #WEIGHT} (finite, ≥ 0), one row per (user, item) pair; repeated pairs
 * are summed. Output: {@link AlsFactors}, the factors of every row that has a pair.
 *
 * <p>Sweeps run users first, then items, as on one machine. Deterministic: the same pairs, seed and
 * block counts give bit-identical factors however the input is partitioned and whichever order
 * tasks finish in (starting factors are seeded per row, blocks are laid out from the set of their
 * entries, and every cross-block sum is added in block order). Different block counts give the same
 * model up to float rounding (which CG's few steps per sweep can let grow, never the quality:
 * docs/scale.md). {@link AlsParameters#threads()} is not used: Spark's cores are the threads.
 */
public final class SparkAls {

  public static final String USER = "user";
  public static final String ITEM = "item";
  public static final String WEIGHT = "weight";

  private static final Logger LOG = LoggerFactory.getLogger(SparkAls.class);
  private static final StorageLevel CACHE = StorageLevel.MEMORY_AND_DISK();

  private final AlsParameters params;
  private final int userBlocks;
  private final int itemBlocks;
  private final int checkpointInterval;

  /**
   * @param userBlocks blocks (and tasks per user half-sweep) the users are split into
   * @param itemBlocks the same for items
   */
  public SparkAls(AlsParameters params, int userBlocks, int itemBlocks) {
    this(params, userBlocks, itemBlocks, 0);
  }

  private SparkAls(AlsParameters params, int userBlocks, int itemBlocks, int checkpointInterval) {
    if (userBlocks < 1 || itemBlocks < 1) {
      throw new IllegalArgumentException(
          "blocks must be >= 1, got " + userBlocks + " and " + itemBlocks);
    }
    if (checkpointInterval < 0) {
      throw new IllegalArgumentException(
          "checkpoint interval must be >= 0, got " + checkpointInterval);
    }
    this.params = params;
    this.userBlocks = userBlocks;
    this.itemBlocks = itemBlocks;
    this.checkpointInterval = checkpointInterval;
  }

  /** As many blocks per side as the context's default parallelism (at least 2). */
  public static SparkAls of(AlsParameters params, SparkContext sc) {
    int blocks = Math.max(2, sc.defaultParallelism());
    return new SparkAls(params, blocks, blocks);
  }

  /**
   * Checkpoints the factors every {@code sweeps} sweeps (0: never; needs the context's checkpoint
   * directory), so a long fit's lineage, and the work to recompute a lost block, stays bounded.
   */
  public SparkAls withCheckpointInterval(int sweeps) {
    return new SparkAls(params, userBlocks, itemBlocks, sweeps);
  }

  /** Called after every sweep; return false to stop early (the factors then are the last ones). */
  @FunctionalInterface
  public interface Listener {
    boolean afterIteration(Iteration iteration);
  }

  public AlsFactors fit(Dataset<Row> pairs) {
    return fit(pairs, WarmStart.none(), it -> true);
  }

  public AlsFactors fit(Dataset<Row> pairs, WarmStart start, Listener listener) {
    if (checkpointInterval > 0
        && pairs.sparkSession().sparkContext().getCheckpointDir().isEmpty()) {
      throw new IllegalStateException(
          "checkpointing every "
              + checkpointInterval
              + " sweeps needs a checkpoint directory (SparkContext.setCheckpointDir)");
    }
    long started = System.nanoTime();
    Blocked b = block(pairs);
    int k = params.factors();
    SolveSettings settings = b.settings();
    JavaPairRDD<Integer, FactorBlock> x =
        InitialFactors.of(
                b.users(),
                start.users(),
                k,
                params.seed(),
                InitialFactors.USERS,
                b.userPartitioner())
            .persist(CACHE);
    JavaPairRDD<Integer, FactorBlock> y =
        InitialFactors.of(
                b.items(),
                start.items(),
                k,
                params.seed(),
                InitialFactors.ITEMS,
                b.itemPartitioner())
            .persist(CACHE);
    // Each Gramian is the job that computes (and caches) the factors it sums: two jobs per sweep.
    float[] gramY = Gramian.of(y, k, settings.sharedLambda());
    int sweeps = 0;
    for (int it = 1; it <= params.iterations(); it++) {
      long sweepStarted = System.nanoTime();
      boolean checkpoint = checkpointInterval > 0 && it % checkpointInterval == 0;
      JavaPairRDD<Integer, FactorBlock> nextX =
          mark(
              HalfSweep.solve(b.users(), x, b.items(), y, gramY, settings, b.userPartitioner())
                  .persist(CACHE),
              checkpoint);
      float[] gramX = Gramian.of(nextX, k, settings.sharedLambda());
      JavaPairRDD<Integer, FactorBlock> nextY =
          mark(
              HalfSweep.solve(b.items(), y, b.users(), nextX, gramX, settings, b.itemPartitioner())
                  .persist(CACHE),
              checkpoint);
      gramY = Gramian.of(nextY, k, settings.sharedLambda());
      x.unpersist(false);
      y.unpersist(false);
      x = nextX;
      y = nextY;
      sweeps = it;
      double sweepSeconds = seconds(sweepStarted);
      LOG.info(
          String.format(
              Locale.ROOT,
              "als sweep iteration=%d of=%d seconds=%.2f",
              it,
              params.iterations(),
              sweepSeconds));
      if (!listener.afterIteration(
          new Iteration(it, sweepSeconds, new AlsFactors(x, y, k, b.users(), b.items()), b))) {
        break;
      }
    }
    LOG.info(
        String.format(
            Locale.ROOT,
            "als done sweeps=%d factors=%d users=%d items=%d pairs=%d seconds=%.2f",
            sweeps,
            k,
            b.userRows(),
            b.itemRows(),
            b.pairs(),
            seconds(started)));
    return new AlsFactors(x, y, k, b.users(), b.items());
  }

  /** Both sides' blocks, built, cached and counted. */
  private Blocked block(Dataset<Row> pairs) {
    long started = System.nanoTime();
    JavaRDD<Row> rows = pairs.select(USER, ITEM, WEIGHT).javaRDD();
    JavaPairRDD<Integer, SideBlock> users =
        PairBlocks.side(rows, true, userBlocks, itemBlocks).persist(CACHE);
    JavaPairRDD<Integer, SideBlock> items =
        PairBlocks.side(rows, false, itemBlocks, userBlocks).persist(CACHE);
    long[] userSizes = sizes(users);
    long[] itemSizes = sizes(items);
    Blocked b =
        new Blocked(
            users,
            items,
            new SolveSettings(params),
            new HashPartitioner(userBlocks),
            new HashPartitioner(itemBlocks),
            userSizes[0],
            itemSizes[0],
            userSizes[1]);
    LOG.info(
        String.format(
            Locale.ROOT,
            "als blocks users=%d items=%d pairs=%d userBlocks=%d itemBlocks=%d seconds=%.2f",
            b.userRows(),
            b.itemRows(),
            b.pairs(),
            userBlocks,
            itemBlocks,
            seconds(started)));
    return b;
  }

  /**
   * Marks factors for checkpointing (before the job that computes them, which then writes them).
   */
  private static JavaPairRDD<Integer, FactorBlock> mark(
      JavaPairRDD<Integer, FactorBlock> factors, boolean checkpoint) {
    if (checkpoint) {
      factors.checkpoint();
    }
    return factors;
  }

  /** Rows and entries of one side's blocks (materializes and caches them). */
  private static long[] sizes(JavaPairRDD<Integer, SideBlock> side) {
    return side.values()
        .map(b -> new long[] {b.size(), b.entries()})
        .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * Both sides' blocks, how they are partitioned, their sizes, and what tasks need to solve rows.
   */
  private record Blocked(
      JavaPairRDD<Integer, SideBlock> users,
      JavaPairRDD<Integer, SideBlock> items,
      SolveSettings settings,
      HashPartitioner userPartitioner,
      HashPartitioner itemPartitioner,
      long userRows,
      long itemRows,
      long pairs) {}

  /** One finished sweep. {@link #loss()} is computed on first call only (about half a sweep). */
  public static final class Iteration {
    private final int number;
    private final double seconds;
    private final AlsFactors factors;
    private final Blocked blocked;
    private double loss = Double.NaN;

    private Iteration(int number, double seconds, AlsFactors factors, Blocked blocked) {
      this.number = number;
      this.seconds = seconds;
      this.factors = factors;
      this.blocked = blocked;
    }

    /** 1-based. */
    public int number() {
      return number;
    }

    /** Wall time of this sweep. */
    public double seconds() {
      return seconds;
    }

    /** The factors after this sweep (a later sweep unpersists them: collect what you keep). */
    public AlsFactors factors() {
      return factors;
    }

    /**
     * The objective Σ c(p − x·y)² + λ(‖X‖² + ‖Y‖²) over all user × item cells, as on one machine.
     */
    public double loss() {
      if (Double.isNaN(loss)) {
        loss =
            Objective.loss(
                blocked.users(),
                factors.users(),
                blocked.items(),
                factors.items(),
                blocked.settings(),
                blocked.userPartitioner());
      }
      return loss;
    }
  }
}
