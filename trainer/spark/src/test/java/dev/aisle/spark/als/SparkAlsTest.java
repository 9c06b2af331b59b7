package dev.aisle.spark.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.FoldIn;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.StartingFactors;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.weighting.EventWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** Aisle's ALS on Spark local[2] against the single-node trainer, on tiny data. */
class SparkAlsTest {

  private static final int USERS = 120;
  private static final int ITEMS = 48;
  private static final int K = 6;
  private static final TestPairs PAIRS = TestPairs.random(USERS, ITEMS, 8, 11);

  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static AlsParameters params(int iterations) {
    return new AlsParameters(K, iterations, 0.5f, 4f, AlsParameters.Solver.CG, 3, 42, 2);
  }

  @Test
  void computesWhatTheSingleNodeTrainerComputesFromTheSameStart() {
    assertSameAsSingleNode(params(3).withSolver(AlsParameters.Solver.CHOLESKY));
  }

  @Test
  void computesWhatTheSingleNodeTrainerComputesWithWeightedRegularization() {
    assertSameAsSingleNode(
        params(3).withWeightedRegularization(true).withSolver(AlsParameters.Solver.CHOLESKY));
  }

  /**
   * CG stops after a few steps, before the early sweeps' ill-conditioned item systems are solved,
   * so a rounding difference (the Gramian's sum order) grows: the users of the first half-sweep
   * (well-conditioned: YᵀY + λI is nearly λI at the start) match closely, the scores loosely.
   */
  @Test
  void computesWhatTheSingleNodeTrainerComputesWithConjugateGradient() {
    AlsParameters params = params(1);
    ImplicitAls.Factors single = ImplicitAls.fit(PAIRS.matrix(), params);
    AlsFactors distributed = fitFromSingleNodeStart(params);

    float[] users = distributed.collectUsers(USERS);
    float largest = 0f;
    float worst = 0f;
    for (int n = 0; n < users.length; n++) {
      largest = Math.max(largest, Math.abs(single.users()[n]));
      worst = Math.max(worst, Math.abs(users[n] - single.users()[n]));
    }
    assertThat(worst).isLessThan(1e-5f * largest);
    assertSameScores(users, distributed.collectItems(ITEMS), single.users(), single.items(), 1e-2);
  }

  private void assertSameAsSingleNode(AlsParameters params) {
    ImplicitAls.Factors single = ImplicitAls.fit(PAIRS.matrix(), params);
    AlsFactors distributed = fitFromSingleNodeStart(params);

    // the same solves in the same order; only the Gramian's float sums run in another order
    assertSameScores(
        distributed.collectUsers(USERS),
        distributed.collectItems(ITEMS),
        single.users(),
        single.items(),
        1e-4);
  }

  private AlsFactors fitFromSingleNodeStart(AlsParameters params) {
    float[][] start = singleNodeStart(params);
    WarmStart sameStart =
        WarmStart.items(WarmStart.rows(sc, start[1], K, 2))
            .andUsers(WarmStart.rows(sc, start[0], K, 2));
    return new SparkAls(params, 3, 2).fit(PAIRS.dataset(spark, 3, 1), sameStart, it -> true);
  }

  @Test
  void givesBitIdenticalFactorsWhateverTheInputPartitioningAndOrder() {
    SparkAls als = new SparkAls(params(2), 3, 2);
    AlsFactors a = als.fit(PAIRS.dataset(spark, 1, 1));
    AlsFactors b = als.fit(PAIRS.dataset(spark, 5, 2));

    assertThat(b.collectUsers(USERS)).containsExactly(a.collectUsers(USERS));
    assertThat(b.collectItems(ITEMS)).containsExactly(a.collectItems(ITEMS));
  }

  @Test
  void blockCountsChangeTheFactorsOnlyByRounding() {
    AlsParameters params = params(3).withSolver(AlsParameters.Solver.CHOLESKY);
    AlsFactors few = new SparkAls(params, 1, 1).fit(PAIRS.dataset(spark, 2, 1));
    AlsFactors many = new SparkAls(params, 5, 3).fit(PAIRS.dataset(spark, 2, 1));

    assertSameScores(
        many.collectUsers(USERS),
        many.collectItems(ITEMS),
        few.collectUsers(USERS),
        few.collectItems(ITEMS),
        1e-4);
  }

  @Test
  void reportsTheImplicitObjectiveWhichNeverRisesWithExactSolves() {
    AlsParameters params = params(3).withSolver(AlsParameters.Solver.CHOLESKY);
    List<Double> losses = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    new SparkAls(params, 2, 2)
        .fit(
            PAIRS.dataset(spark, 2, 1),
            WarmStart.none(),
            it -> {
              losses.add(it.loss());
              direct.add(
                  objective(
                      PAIRS.matrix(),
                      it.factors().collectUsers(USERS),
                      it.factors().collectItems(ITEMS),
                      params));
              return true;
            });

    assertThat(losses).hasSize(3);
    for (int n = 0; n < losses.size(); n++) {
      assertThat(losses.get(n)).isCloseTo(direct.get(n), withPercentage(1e-4));
      if (n > 0) {
        assertThat(losses.get(n)).isLessThanOrEqualTo(losses.get(n - 1) * (1 + 1e-6));
      }
    }
  }

  @Test
  void theStreamFoldInReproducesTrainedUserVectorsUnderPlainRegularization() {
    AlsParameters params = params(2).withSolver(AlsParameters.Solver.CHOLESKY);
    assertThat(max(foldInAgainstTrainedVectors(params))).isLessThan(1e-4f);
  }

  @Test
  void thePlainFoldInDoesNotReproduceAWeightedRegularizationModel() {
    // ALS-WR (what MLlib does) regularizes a user by λ·n: the stream's λ fold-in gives other
    // vectors
    AlsParameters params =
        params(2).withSolver(AlsParameters.Solver.CHOLESKY).withWeightedRegularization(true);
    assertThat(max(foldInAgainstTrainedVectors(params))).isGreaterThan(0.05f);
  }

  /**
   * Each user's vector after the last sweep against the stream's fold-in (core FoldIn, plain λ) of
   * their pairs, against the item factors that sweep solved them with: per-user largest difference
   * relative to the vector's largest value.
   */
  private float[] foldInAgainstTrainedVectors(AlsParameters params) {
    float[][] itemsBefore = new float[1][];
    float[][] last = new float[2][];
    new SparkAls(params, 2, 3)
        .fit(
            PAIRS.dataset(spark, 2, 1),
            WarmStart.none(),
            it -> {
              itemsBefore[0] = last[1];
              last[0] = it.factors().collectUsers(USERS);
              last[1] = it.factors().collectItems(ITEMS);
              return true;
            });
    FoldIn foldIn =
        new FoldIn(
            new IdIndex(ids(ITEMS)),
            new FactorMatrix(itemsBefore[0], ITEMS, K),
            new FoldIn.Parameters(
                params.alpha(), params.regularization(), EventWeights.defaults()));
    InteractionMatrix m = PAIRS.matrix();
    float[] drift = new float[USERS];
    float[] folded = new float[K];
    for (int u = 0; u < USERS; u++) {
      int from = m.rowStart(u);
      int count = m.rowLength(u);
      int[] rows = Arrays.copyOfRange(m.cols(), from, from + count);
      float[] weights = Arrays.copyOfRange(m.values(), from, from + count);
      foldIn.solve(rows, weights, count, folded);
      float scale = 0f;
      float diff = 0f;
      for (int d = 0; d < K; d++) {
        scale = Math.max(scale, Math.abs(last[0][u * K + d]));
        diff = Math.max(diff, Math.abs(folded[d] - last[0][u * K + d]));
      }
      drift[u] = diff / scale;
    }
    return drift;
  }

  @Test
  void aWarmStartFromTrainedItemsContinuesWhereTheirFitStopped() {
    AlsParameters params = params(5).withSolver(AlsParameters.Solver.CHOLESKY);
    Dataset<Row> pairs = PAIRS.dataset(spark, 2, 1);
    double[] coldLoss = new double[params.iterations() + 1];
    AlsFactors trained =
        new SparkAls(params, 2, 2)
            .fit(
                pairs,
                WarmStart.none(),
                it -> {
                  coldLoss[it.number()] = it.loss();
                  return true;
                });
    JavaPairRDD<Integer, float[]> items = WarmStart.rows(sc, trained.collectItems(ITEMS), K, 3);

    // exact solves from the trained items: one more sweep can only lower the loss
    double all = oneSweepLoss(params, pairs, WarmStart.items(items));
    assertThat(all).isLessThanOrEqualTo(coldLoss[params.iterations()] * (1 + 1e-6));
    // the last four items are new (random start) and one known item has no pairs any more
    JavaPairRDD<Integer, float[]> previousModel =
        items
            .filter(t -> t._1() < ITEMS - 4)
            .union(sc.parallelizePairs(List.of(new Tuple2<>(ITEMS + 1, new float[K]))));
    double some = oneSweepLoss(params, pairs, WarmStart.items(previousModel));
    assertThat(some).isLessThan(coldLoss[3]);
  }

  private double oneSweepLoss(AlsParameters params, Dataset<Row> pairs, WarmStart start) {
    double[] loss = new double[1];
    new SparkAls(params.withIterations(1), 2, 2)
        .fit(
            pairs,
            start,
            it -> {
              loss[0] = it.loss();
              return true;
            });
    return loss[0];
  }

  @Test
  void checkpointingDoesNotChangeTheFactors(@TempDir Path dir) {
    SparkAls als = new SparkAls(params(2), 2, 2);
    AlsFactors plain = als.fit(PAIRS.dataset(spark, 2, 1));
    sc.setCheckpointDir(dir.toString());
    AlsFactors checkpointed = als.withCheckpointInterval(1).fit(PAIRS.dataset(spark, 2, 1));

    assertThat(checkpointed.items().rdd().getCheckpointFile().isDefined()).isTrue();
    assertThat(checkpointed.collectItems(ITEMS)).containsExactly(plain.collectItems(ITEMS));
    assertThat(checkpointed.collectUsers(USERS)).containsExactly(plain.collectUsers(USERS));
  }

  @Test
  void rejectsPairsThatAreNotRowsAndWeights() {
    SparkAls als = new SparkAls(params(1), 2, 2);
    Dataset<Row> negativeRow =
        spark.createDataFrame(
            List.of(RowFactory.create(1, 2, 1f), RowFactory.create(-3, 2, 1f)), TestPairs.SCHEMA);
    Dataset<Row> nanWeight =
        spark.createDataFrame(List.of(RowFactory.create(1, 2, Float.NaN)), TestPairs.SCHEMA);

    assertThatThrownBy(() -> als.fit(negativeRow))
        .hasMessageContaining("user must be a row number");
    assertThatThrownBy(() -> als.fit(nanWeight))
        .hasMessageContaining("weight must be a finite number >= 0");
  }

  @Test
  void itemsWithoutPairsGetZeroFactors() {
    AlsFactors fit = new SparkAls(params(2), 2, 2).fit(PAIRS.dataset(spark, 2, 1));
    float[] items = fit.collectItems(ITEMS + 3);

    for (int n = ITEMS * K; n < items.length; n++) {
      assertThat(items[n]).isZero();
    }
    assertThat(max(Arrays.copyOf(items, ITEMS * K))).isGreaterThan(0f);
  }

  /**
   * The single-node trainer's starting factors: ImplicitAls draws {@link StartingFactors} rows from
   * one SplittableRandom(seed), all users' rows, then all items'. If core changes that, the
   * comparison above fails.
   */
  private static float[][] singleNodeStart(AlsParameters params) {
    SplittableRandom random = new SplittableRandom(params.seed());
    float[] users = StartingFactors.rows(USERS, K, random);
    return new float[][] {users, StartingFactors.rows(ITEMS, K, random)};
  }

  /** Σ over every user × item cell of c(p − x·y)², plus λ‖x‖² per user and λ‖y‖² per item. */
  private static double objective(InteractionMatrix m, float[] x, float[] y, AlsParameters params) {
    double sum = 0;
    InteractionMatrix t = m.transpose();
    for (int u = 0; u < m.rows(); u++) {
      int n = m.rowStart(u);
      for (int i = 0; i < m.columns(); i++) {
        double xy = 0;
        for (int d = 0; d < K; d++) {
          xy += (double) x[u * K + d] * y[i * K + d];
        }
        boolean seen = n < m.rowEnd(u) && m.cols()[n] == i;
        double c = seen ? 1 + params.alpha() * m.values()[n++] : 1;
        double p = seen ? 1 : 0;
        sum += c * (p - xy) * (p - xy);
      }
      sum += lambda(params, m.rowLength(u)) * squares(x, u);
    }
    for (int i = 0; i < t.rows(); i++) {
      sum += lambda(params, t.rowLength(i)) * squares(y, i);
    }
    return sum;
  }

  private static double lambda(AlsParameters params, int entries) {
    return params.weightedRegularization()
        ? params.regularization() * Math.max(1, entries)
        : params.regularization();
  }

  private static double squares(float[] f, int row) {
    double s = 0;
    for (int d = 0; d < K; d++) {
      s += (double) f[row * K + d] * f[row * K + d];
    }
    return s;
  }

  /**
   * Scores x·y of every user × item cell agree to {@code tolerance} of the largest. Scores, not
   * factors: the objective does not change when X and Y turn by the same rotation, so rounding
   * differences may move factors along it with nothing pulling them back, while every score stays
   * put.
   */
  private static void assertSameScores(
      float[] x, float[] y, float[] expectedX, float[] expectedY, double tolerance) {
    double largest = 0;
    double worst = 0;
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        double expected = 0;
        double actual = 0;
        for (int d = 0; d < K; d++) {
          expected += (double) expectedX[u * K + d] * expectedY[i * K + d];
          actual += (double) x[u * K + d] * y[i * K + d];
        }
        largest = Math.max(largest, Math.abs(expected));
        worst = Math.max(worst, Math.abs(actual - expected));
      }
    }
    assertThat(worst).as("largest score difference").isLessThan(tolerance * largest);
  }

  private static float max(float[] values) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("i%03d", i);
    }
    return ids;
  }
}
