package dev.aisle.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {

  private static final int GROUPS = 4;

  /**
   * A planted rank-4 structure: users and items fall into 4 groups, and each user touched a random
   * half of its group's items. Unseen items of the user's group must score above every other
   * group's items for nearly all pairs (AUC), i.e. ALS recovers the blocks from half of their
   * cells.
   */
  @Test
  void recoversPlantedLowRankStructure() {
    int users = 200;
    int items = 80;
    SplittableRandom random = new SplittableRandom(7);
    List<int[]> pairs = new ArrayList<>();
    boolean[][] seen = new boolean[users][items];
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (u % GROUPS == i % GROUPS && random.nextDouble() < 0.5) {
          pairs.add(new int[] {u, i});
          seen[u][i] = true;
        }
      }
    }
    InteractionMatrix matrix = matrix(users, items, pairs);
    AlsParameters params = AlsParameters.of(8, 15, 0.1f, 10f).withThreads(2);
    ImplicitAls.Factors f = ImplicitAls.fit(matrix, params);

    long correct = 0;
    long total = 0;
    for (int u = 0; u < users; u++) {
      for (int in = 0; in < items; in++) {
        if (in % GROUPS != u % GROUPS || seen[u][in]) {
          continue;
        }
        double inScore = score(f, u, in);
        for (int out = 0; out < items; out++) {
          if (out % GROUPS != u % GROUPS) {
            total++;
            if (inScore > score(f, u, out)) {
              correct++;
            }
          }
        }
      }
    }
    assertThat((double) correct / total).isGreaterThan(0.97);
  }

  @Test
  void cgAndCholeskyAgreeOnOneRow() {
    int k = 12;
    int items = 60;
    SplittableRandom random = new SplittableRandom(3);
    float[] y = new float[items * k];
    for (int n = 0; n < y.length; n++) {
      y[n] = (float) random.nextGaussian() * 0.3f;
    }
    int[] cols = {2, 5, 9, 17, 23, 40, 41, 59};
    float[] weights = {1, 3, 8, 1, 2, 5, 1, 4};
    float[] gram = ImplicitSolver.gramian(y, items, k, 0.5f);
    ImplicitSolver solver = new ImplicitSolver(k);
    float[] exact = new float[k];
    solver.solveCholesky(gram, y, cols, weights, 0, cols.length, 2f, exact, 0);
    float[] cg = new float[k];
    solver.solveCg(gram, y, cols, weights, 0, cols.length, 2f, cg, 0, 3 * k);
    for (int d = 0; d < k; d++) {
      assertThat(cg[d]).isCloseTo(exact[d], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void anExtraDiagonalIsTheSameAsALargerLambdaForBothSolvers() {
    int k = 8;
    int items = 30;
    SplittableRandom random = new SplittableRandom(5);
    float[] y = new float[items * k];
    for (int n = 0; n < y.length; n++) {
      y[n] = (float) random.nextGaussian() * 0.3f;
    }
    int[] cols = {1, 4, 7, 20};
    float[] weights = {2, 1, 5, 3};
    ImplicitSolver solver = new ImplicitSolver(k);
    float[] viaGram = new float[k];
    solver.solveCholesky(
        ImplicitSolver.gramian(y, items, k, 2.5f), y, cols, weights, 0, 4, 1f, viaGram, 0);
    float[] viaExtra = new float[k];
    solver.solveCholesky(
        ImplicitSolver.gramian(y, items, k, 0.5f), y, cols, weights, 0, 4, 1f, viaExtra, 0, 2f);
    float[] cg = new float[k];
    solver.solveCg(
        ImplicitSolver.gramian(y, items, k, 0.5f), y, cols, weights, 0, 4, 1f, cg, 0, 3 * k, 2f);
    for (int d = 0; d < k; d++) {
      assertThat(viaExtra[d]).isCloseTo(viaGram[d], org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(cg[d]).isCloseTo(viaGram[d], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void weightedRegularizationStillLowersItsLoss() {
    InteractionMatrix matrix = randomMatrix(300, 80, 0.08, 4);
    List<Double> losses = new ArrayList<>();
    ImplicitAls.Factors f =
        ImplicitAls.fit(
            matrix,
            AlsParameters.of(8, 5, 0.1f, 5f)
                .withSolver(AlsParameters.Solver.CHOLESKY)
                .withWeightedRegularization(true),
            it -> losses.add(it.loss()));
    ImplicitAls.Factors plain =
        ImplicitAls.fit(
            matrix, AlsParameters.of(8, 5, 0.1f, 5f).withSolver(AlsParameters.Solver.CHOLESKY));
    for (int n = 1; n < losses.size(); n++) {
      assertThat(losses.get(n)).isLessThanOrEqualTo(losses.get(n - 1) * (1 + 1e-6));
    }
    assertThat(f.users()).isNotEqualTo(plain.users());
  }

  @Test
  void cgReachesTheExactSolversObjective() {
    InteractionMatrix matrix = randomMatrix(150, 60, 0.1, 11);
    AlsParameters params = AlsParameters.of(6, 12, 0.5f, 5f).withThreads(2);
    double[] cg = lossCurve(matrix, params);
    double[] exact = lossCurve(matrix, params.withSolver(AlsParameters.Solver.CHOLESKY));
    // CG takes 3 warm-started steps per sweep, so it may trail the exact solver slightly. Their
    // objectives are compared, not their scores: from a random start the non-convex objective
    // lets the two settle in different minima of the same depth.
    assertThat(cg[cg.length - 1]).isLessThan(exact[exact.length - 1] * 1.01);
    assertThat(cg[cg.length - 1]).isLessThan(cg[0] * 0.8);
  }

  private static double[] lossCurve(InteractionMatrix matrix, AlsParameters params) {
    List<Double> losses = new ArrayList<>();
    ImplicitAls.fit(matrix, params, it -> losses.add(it.loss()));
    return losses.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void sameSeedGivesSameFactorsForAnyThreadCount() {
    InteractionMatrix matrix = randomMatrix(3000, 500, 0.01, 5);
    AlsParameters params = AlsParameters.of(16, 3, 0.1f, 10f);
    ImplicitAls.Factors one = ImplicitAls.fit(matrix, params.withThreads(1));
    ImplicitAls.Factors four = ImplicitAls.fit(matrix, params.withThreads(4));
    assertThat(four.users()).containsExactly(one.users());
    assertThat(four.items()).containsExactly(one.items());
    ImplicitAls.Factors otherSeed = ImplicitAls.fit(matrix, params.withSeed(99));
    assertThat(otherSeed.items()).isNotEqualTo(one.items());
  }

  @Test
  void lossDecreasesAndListenerCanStopEarly() {
    InteractionMatrix matrix = randomMatrix(400, 100, 0.05, 2);
    List<Double> losses = new ArrayList<>();
    ImplicitAls.fit(
        matrix,
        AlsParameters.of(8, 10, 0.1f, 5f).withSolver(AlsParameters.Solver.CHOLESKY),
        it -> {
          losses.add(it.loss());
          return it.number() < 4;
        });
    assertThat(losses).hasSize(4);
    for (int n = 1; n < losses.size(); n++) {
      assertThat(losses.get(n)).isLessThanOrEqualTo(losses.get(n - 1) * (1 + 1e-6));
    }
  }

  @Test
  void rejectsNonsenseParameters() {
    assertThatThrownBy(() -> AlsParameters.of(0, 10, 0.1f, 1f)).hasMessageContaining("factors");
    assertThatThrownBy(() -> AlsParameters.of(8, 10, 0f, 1f))
        .hasMessageContaining("regularization");
    assertThatThrownBy(() -> AlsParameters.of(8, 10, 0.1f, -1f)).hasMessageContaining("alpha");
  }

  /**
   * A refit of listed rows leaves every other row bit-identical, changes the listed ones, and
   * solves a listed user exactly as a sweep over every row does (the Gramian spans all items).
   */
  @Test
  void refitOfListedRowsLeavesTheOthersUntouched() {
    InteractionMatrix matrix = randomMatrix(300, 120, 0.05, 11);
    AlsParameters params = AlsParameters.of(8, 4, 0.5f, 2f).withThreads(2);
    ImplicitAls.Factors start = ImplicitAls.fit(matrix, params);
    int[] userRows = {3, 50, 51, 299};
    int[] itemRows = {0, 7, 119};
    AlsParameters once = params.withIterations(1);
    float[] users = start.users().clone();
    float[] items = start.items().clone();
    ImplicitAls.refit(matrix, once, users, items, userRows, itemRows, it -> true);

    int k = params.factors();
    java.util.Set<Integer> listedUsers = java.util.Set.of(3, 50, 51, 299);
    java.util.Set<Integer> listedItems = java.util.Set.of(0, 7, 119);
    for (int u = 0; u < 300; u++) {
      float[] before = java.util.Arrays.copyOfRange(start.users(), u * k, (u + 1) * k);
      float[] after = java.util.Arrays.copyOfRange(users, u * k, (u + 1) * k);
      if (listedUsers.contains(u)) {
        assertThat(after).as("user %d", u).isNotEqualTo(before);
      } else {
        assertThat(after).as("user %d", u).isEqualTo(before);
      }
    }
    for (int i = 0; i < 120; i++) {
      float[] before = java.util.Arrays.copyOfRange(start.items(), i * k, (i + 1) * k);
      float[] after = java.util.Arrays.copyOfRange(items, i * k, (i + 1) * k);
      if (listedItems.contains(i)) {
        assertThat(after).as("item %d", i).isNotEqualTo(before);
      } else {
        assertThat(after).as("item %d", i).isEqualTo(before);
      }
    }

    int[] allUsers = java.util.stream.IntStream.range(0, 300).toArray();
    float[] everyUser = start.users().clone();
    ImplicitAls.refit(
        matrix, once, everyUser, start.items().clone(), allUsers, new int[0], it -> true);
    for (int u : userRows) {
      assertThat(java.util.Arrays.copyOfRange(users, u * k, (u + 1) * k))
          .isEqualTo(java.util.Arrays.copyOfRange(everyUser, u * k, (u + 1) * k));
    }
  }

  /**
   * A process's first sweep runs on the scalar kernels (cheap before the JIT compiles them): it
   * must give exactly what the selected (vector, in these tests) kernels give, Gramian included, at
   * k = 64 as the trainer runs and at a k with tails.
   */
  @Test
  void aSweepOnTheScalarKernelsEqualsOneOnTheSelectedKernelsBitForBit() {
    InteractionMatrix matrix = randomMatrix(500, 200, 0.05, 13);
    for (int k : new int[] {64, 13}) {
      AlsParameters params =
          AlsParameters.of(k, 1, 0.05f, 40f).withWeightedRegularization(true).withThreads(2);
      SplittableRandom random = new SplittableRandom(k);
      float[] items = new float[200 * k];
      for (int n = 0; n < items.length; n++) {
        items[n] = (float) random.nextGaussian() * 0.1f;
      }
      float[] start = new float[500 * k];
      for (int n = 0; n < start.length; n++) {
        start[n] = (float) random.nextGaussian() * 0.1f;
      }
      java.util.concurrent.ExecutorService pool =
          dev.aisle.parallel.DaemonThreads.fixedPool("test-als", 2);
      try {
        float[] scalar = start.clone();
        ImplicitAls.sweep(matrix, items, scalar, params, pool, null, true);
        float[] selected = start.clone();
        ImplicitAls.sweep(matrix, items, selected, params, pool, null, false);
        assertThat(scalar).as("k %d", k).isNotEqualTo(start).containsExactly(selected);
        assertThat(ImplicitAls.gramian(items, 200, k, 0.5f, pool, 2, true))
            .containsExactly(ImplicitAls.gramian(items, 200, k, 0.5f, pool, 2, false));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The loss (quadratic form as trace(YᵀY·XᵀX)) equals the objective summed over every cell, in
   * double: Σ c(p − x·y)² over all (shopper, item), c = 1 + α·r and p = 1 where observed, else c =
   * 1 and p = 0; plus the regularization, weighted by each row's count.
   */
  @Test
  void lossEqualsTheObjectiveOverEveryCell() {
    int users = 60;
    int items = 45;
    int k = 13;
    InteractionMatrix matrix = randomMatrix(users, items, 0.15, 11);
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[users * k];
    float[] y = new float[items * k];
    for (int n = 0; n < x.length; n++) {
      x[n] = (float) random.nextGaussian() * 0.3f;
    }
    for (int n = 0; n < y.length; n++) {
      y[n] = (float) random.nextGaussian() * 0.3f;
    }
    AlsParameters params =
        AlsParameters.of(k, 1, 0.7f, 3f).withWeightedRegularization(true).withThreads(2);
    double[][] weight = new double[users][items];
    int[] itemCounts = new int[items];
    for (int u = 0; u < users; u++) {
      for (int n = matrix.rowStart(u); n < matrix.rowEnd(u); n++) {
        weight[u][matrix.cols()[n]] = matrix.values()[n];
        itemCounts[matrix.cols()[n]]++;
      }
    }
    double expected = 0;
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        double p = 0;
        for (int d = 0; d < k; d++) {
          p += (double) x[u * k + d] * y[i * k + d];
        }
        boolean observed = matrix.rowLength(u) > 0 && weight[u][i] != 0;
        double c = observed ? 1 + 3.0 * weight[u][i] : 1;
        expected += c * ((observed ? 1 : 0) - p) * ((observed ? 1 : 0) - p);
      }
      expected += 0.7 * Math.max(1, matrix.rowLength(u)) * squaredNorm(x, u, k);
    }
    for (int i = 0; i < items; i++) {
      expected += 0.7 * Math.max(1, itemCounts[i]) * squaredNorm(y, i, k);
    }
    java.util.concurrent.ExecutorService pool =
        dev.aisle.parallel.DaemonThreads.fixedPool("test-als-loss", 2);
    try {
      double loss = ImplicitAls.loss(matrix, new ImplicitAls.Factors(x, y, k), params, pool);
      assertThat(loss).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-4));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSweepsLossEqualsTheLossSummedAfresh() {
    InteractionMatrix matrix = randomMatrix(120, 50, 0.1, 5);
    for (boolean weighted : new boolean[] {false, true}) {
      AlsParameters params =
          AlsParameters.of(6, 3, 0.4f, 2f).withThreads(2).withWeightedRegularization(weighted);
      double[] last = {Double.NaN};
      ImplicitAls.Factors f =
          ImplicitAls.fit(
              matrix,
              params,
              it -> {
                last[0] = it.loss();
                return true;
              });
      java.util.concurrent.ExecutorService pool =
          dev.aisle.parallel.DaemonThreads.fixedPool("test-als-loss", 2);
      try {
        // the sweep hands its user Gramian to the loss: the same floats as summing it again
        assertThat(last[0]).isEqualTo(ImplicitAls.loss(matrix, f, params, pool));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static double squaredNorm(float[] rows, int row, int k) {
    double s = 0;
    for (int d = 0; d < k; d++) {
      s += (double) rows[row * k + d] * rows[row * k + d];
    }
    return s;
  }

  private static double score(ImplicitAls.Factors f, int user, int item) {
    double s = 0;
    for (int d = 0; d < f.factors(); d++) {
      s += f.users()[user * f.factors() + d] * f.items()[item * f.factors() + d];
    }
    return s;
  }

  private static InteractionMatrix matrix(int users, int items, List<int[]> pairs) {
    int[] r = new int[pairs.size()];
    int[] c = new int[pairs.size()];
    float[] w = new float[pairs.size()];
    for (int n = 0; n < pairs.size(); n++) {
      r[n] = pairs.get(n)[0];
      c[n] = pairs.get(n)[1];
      w[n] = 1f;
    }
    return InteractionMatrix.fromTriplets(users, items, r, c, w, pairs.size());
  }

  private static InteractionMatrix randomMatrix(int users, int items, double density, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (random.nextDouble() < density) {
          pairs.add(new int[] {u, i});
        }
      }
    }
    return matrix(users, items, pairs);
  }
}
