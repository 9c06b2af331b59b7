package dev.aisle.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CG solve against a plain double-precision CG, the Gramian a solver is given, and the scalar
 * kernels against the selected ones.
 */
class ImplicitSolverTest {

  private static final int K = 16;
  private static final int ITEMS = 5000;

  @Test
  void cgEqualsAPlainDoubleCgWithinRoundingForShortAndLongRows() {
    SplittableRandom random = new SplittableRandom(1);
    float[] y = values(random, ITEMS * K, 0.1f);
    float[] gram = ImplicitSolver.gramian(y, ITEMS, K, 0.3f);
    // 12 entries are gathered once per solve; 4500 exceed the gather limit and are read in place
    for (int entries : new int[] {12, ImplicitSolver.GATHER_LIMIT + 404}) {
      int[] cols = new int[entries];
      float[] weights = new float[entries];
      for (int n = 0; n < entries; n++) {
        cols[n] = n;
        weights[n] = 1 + random.nextInt(5);
      }
      float[] x = values(random, K, 0.1f);
      double[] expected = plainCg(gram, y, cols, weights, 2f, x, 3, 0.7f);
      ImplicitSolver solver = new ImplicitSolver(K);
      solver.solveCg(gram, y, cols, weights, 0, entries, 2f, x, 0, 3, 0.7f);
      for (int d = 0; d < K; d++) {
        assertThat((double) x[d])
            .as("%d entries, d %d", entries, d)
            .isCloseTo(expected[d], within(1e-4 * (1 + Math.abs(expected[d]))));
      }
    }
  }

  @Test
  void aNewGramianReplacesThePreviousOne() {
    SplittableRandom random = new SplittableRandom(2);
    float[] y = values(random, 200 * K, 0.2f);
    int[] cols = {3, 9, 77, 150};
    float[] weights = {1, 2, 3, 4};
    float[] first = ImplicitSolver.gramian(y, 200, K, 0.1f);
    float[] second = ImplicitSolver.gramian(y, 200, K, 5f);
    float[] start = values(random, K, 0.1f);

    ImplicitSolver reused = new ImplicitSolver(K);
    float[] x = start.clone();
    reused.solveCg(first, y, cols, weights, 0, 4, 1f, x, 0, 3);
    float[] reusedResult = start.clone();
    reused.useGramian(second);
    reused.solveCg(y, cols, weights, 0, 4, 1f, reusedResult, 0, 3, 0f);

    float[] fresh = start.clone();
    new ImplicitSolver(K).solveCg(second, y, cols, weights, 0, 4, 1f, fresh, 0, 3);
    assertThat(reusedResult).containsExactly(fresh).isNotEqualTo(x);
  }

  @Test
  void theScalarKernelsSolveExactlyAsTheSelectedOnes() {
    SplittableRandom random = new SplittableRandom(3);
    int k = 64;
    float[] y = values(random, 300 * k, 0.1f);
    float[] gram = ImplicitSolver.gramian(y, 300, k, 0.5f);
    int[] cols = {0, 5, 6, 40, 41, 42, 100, 299};
    float[] weights = {1, 1, 2, 7, 1, 3, 1, 2};
    float[] start = values(random, k, 0.1f);
    ImplicitSolver solver = new ImplicitSolver(k);
    solver.useGramian(gram);
    float[] selected = start.clone();
    solver.solveCg(y, cols, weights, 0, cols.length, 40f, selected, 0, 3, 0.4f);
    solver.useScalarKernels(true);
    float[] scalar = start.clone();
    solver.solveCg(y, cols, weights, 0, cols.length, 40f, scalar, 0, 3, 0.4f);
    assertThat(scalar).containsExactly(selected).isNotEqualTo(start);
  }

  /** CG as in Takács et al., all in double: the reference the float solve must match. */
  private static double[] plainCg(
      float[] gram,
      float[] y,
      int[] cols,
      float[] weights,
      float alpha,
      float[] start,
      int steps,
      float extra) {
    double[] x = new double[K];
    for (int d = 0; d < K; d++) {
      x[d] = start[d];
    }
    double[] r = new double[K];
    double[] ax = product(gram, y, cols, weights, alpha, extra, x);
    for (int d = 0; d < K; d++) {
      double b = 0;
      for (int n = 0; n < cols.length; n++) {
        b += (1 + alpha * weights[n]) * y[cols[n] * K + d];
      }
      r[d] = b - ax[d];
    }
    double[] p = r.clone();
    double rs = dot(r, r);
    for (int step = 0; step < steps; step++) {
      double[] ap = product(gram, y, cols, weights, alpha, extra, p);
      double a = rs / dot(p, ap);
      for (int d = 0; d < K; d++) {
        x[d] += a * p[d];
        r[d] -= a * ap[d];
      }
      double rsNew = dot(r, r);
      for (int d = 0; d < K; d++) {
        p[d] = r[d] + rsNew / rs * p[d];
      }
      rs = rsNew;
    }
    return x;
  }

  /** (gram + extra·I + Σ (c − 1) yᵢyᵢᵀ) v. */
  private static double[] product(
      float[] gram, float[] y, int[] cols, float[] weights, float alpha, float extra, double[] v) {
    double[] out = new double[K];
    for (int i = 0; i < K; i++) {
      for (int j = 0; j < K; j++) {
        out[i] += gram[i * K + j] * v[j];
      }
      out[i] += extra * v[i];
    }
    for (int n = 0; n < cols.length; n++) {
      double yv = 0;
      for (int d = 0; d < K; d++) {
        yv += y[cols[n] * K + d] * v[d];
      }
      for (int d = 0; d < K; d++) {
        out[d] += alpha * weights[n] * yv * y[cols[n] * K + d];
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int d = 0; d < a.length; d++) {
      s += a[d] * b[d];
    }
    return s;
  }

  private static float[] values(SplittableRandom random, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * scale;
    }
    return v;
  }
}
