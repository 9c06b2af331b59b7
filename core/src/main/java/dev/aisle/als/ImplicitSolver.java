package dev.aisle.als;

import dev.aisle.linalg.FloatKernels;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The one-row solve of implicit ALS (Hu, Koren, Volinsky 2008), shared by training (both sides) and
 * the stream fold-in. For a user u with observed items i (confidence c = 1 + alpha·w):
 *
 * <pre>
 *   (YᵀY + λI + Σᵢ (cᵢ − 1) yᵢ yᵢᵀ) x = Σᵢ cᵢ yᵢ
 * </pre>
 *
 * Conjugate gradient (Takács et al. 2011) warm-starts from the current x and costs O(steps · (k² +
 * nᵤ·k)); Cholesky (EJML) solves exactly in O(k³ + nᵤ·k²). {@code gram} is YᵀY + λI (k × k,
 * row-major), computed once per sweep by {@link #gramian} and never changed afterwards: the solver
 * keeps a row-split copy of the last Gramian it was given (by identity). One instance per thread:
 * it owns its scratch arrays, so a solve allocates nothing.
 *
 * <p>The loops are {@link FloatKernels}' (dot products in eight partial sums, axpy, the product
 * with the Gramian). Why copies: Java 17's JIT vectorizes {@code out[i] += s * row[i]} only when
 * both arrays are indexed by the same {@code i}; with an offset into a flat array ({@code gram[j *
 * k + i]}) it stays scalar. The Gramian's rows as arrays of their own, and each observed factor row
 * copied to a scratch array, make the CG's hot loops 2–3 times faster. CG visits a row's observed
 * factor rows once per step: they are gathered once per solve (rows of up to {@value #GATHER_LIMIT}
 * entries), so with a catalog too large for the caches each is fetched from memory once rather than
 * {@code steps + 1} times; the arithmetic, and so the result, is the same.
 */
public final class ImplicitSolver {

  /**
   * Longer rows (a very popular item's users) are read in place: their copy would not stay in
   * cache.
   */
  static final int GATHER_LIMIT = 4096;

  private final int k;
  private final float[] r;
  private final float[] p;
  private final float[] ap;
  private final float[] yRow;

  /**
   * The row being solved, copied so that every CG vector is indexed alike (see the class comment).
   */
  private final float[] xs;

  /** The observed factor rows of the row being solved, gathered once (see the class comment). */
  private float[][] gathered = new float[0][];

  /** Whether the solves run on the scalar kernels (see {@link #useScalarKernels}). */
  private boolean scalarKernels;

  private float[] gramSeen;
  private final float[][] gramRows;
  private FMatrixRMaj a;
  private FMatrixRMaj b;
  private FMatrixRMaj solution;
  private LinearSolverDense<FMatrixRMaj> cholesky;

  public ImplicitSolver(int factors) {
    this.k = factors;
    this.r = new float[factors];
    this.p = new float[factors];
    this.ap = new float[factors];
    this.yRow = new float[factors];
    this.xs = new float[factors];
    this.gramRows = new float[factors][factors];
  }

  /**
   * YᵀY + λI of a factor matrix (rows × k, row-major): the part of every row's system shared by all
   * rows. Single-threaded; O(rows · k²).
   */
  public static float[] gramian(float[] factors, int rows, int k, float lambda) {
    return withRegularization(gramianExact(factors, rows, k), k, lambda);
  }

  /**
   * YᵀY of a factor matrix in double precision, both triangles filled, no regularization: what a
   * model ships ({@code item-gramian.f64}) so that readers skip the pass over every row.
   */
  public static double[] gramianExact(float[] factors, int rows, int k) {
    double[] acc = new double[k * k];
    for (int row = 0; row < rows; row++) {
      int o = row * k;
      for (int i = 0; i < k; i++) {
        double fi = factors[o + i];
        if (fi == 0) {
          continue;
        }
        int ai = i * k;
        for (int j = i; j < k; j++) {
          acc[ai + j] += fi * factors[o + j];
        }
      }
    }
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        acc[j * k + i] = acc[i * k + j];
      }
    }
    return acc;
  }

  /**
   * A Gramian from {@link #gramianExact} in float with λ added to its diagonal: the solvers' {@code
   * gram}.
   */
  public static float[] withRegularization(double[] gramian, int k, float lambda) {
    float[] gram = new float[k * k];
    for (int i = 0; i < k * k; i++) {
      gram[i] = (float) gramian[i];
    }
    for (int i = 0; i < k; i++) {
      gram[i * k + i] += lambda;
    }
    return gram;
  }

  /**
   * Conjugate-gradient solve, in place: x[xOffset .. xOffset+k) holds the start and receives the
   * result.
   *
   * @param y the other side's factors (rows × k, row-major)
   * @param cols the observed rows of y, {@code cols[from..to)}
   * @param weights their weights w (confidence is 1 + alpha·w), aligned with cols
   * @param steps CG iterations (3 is the usual choice when warm-started)
   */
  public void solveCg(
      float[] gram,
      float[] y,
      int[] cols,
      float[] weights,
      int from,
      int to,
      float alpha,
      float[] x,
      int xOffset,
      int steps) {
    solveCg(gram, y, cols, weights, from, to, alpha, x, xOffset, steps, 0f);
  }

  /**
   * As {@link #solveCg(float[], float[], int[], float[], int, int, float, float[], int, int)}, with
   * {@code extraDiagonal} added to this row's diagonal (λ·nᵤ for count-weighted regularization).
   */
  public void solveCg(
      float[] gram,
      float[] y,
      int[] cols,
      float[] weights,
      int from,
      int to,
      float alpha,
      float[] x,
      int xOffset,
      int steps,
      float extraDiagonal) {
    useGramian(gram);
    solveCg(y, cols, weights, from, to, alpha, x, xOffset, steps, extraDiagonal);
  }

  /**
   * Makes {@code gram} (YᵀY + λI, k × k row-major) the Gramian of the following {@link
   * #solveCg(float[], int[], float[], int, int, float, float[], int, int, float)} calls; copied
   * into row arrays, once per Gramian (see the class comment). A sweep calls it once per worker, so
   * the per-row solve has no branch on which Gramian it was given (a branch taken only when a new
   * half-sweep starts made the JIT throw away and recompile the whole solve).
   */
  public void useGramian(float[] gram) {
    if (gram != gramSeen) {
      for (int i = 0; i < k; i++) {
        System.arraycopy(gram, i * k, gramRows[i], 0, k);
      }
      gramSeen = gram;
    }
  }

  /**
   * Runs the following CG solves on the scalar kernels ({@link FloatKernels#scalarDot}) rather than
   * the selected ones: the same results bit for bit, far cheaper before the JIT has compiled the
   * vector kernels. ALS uses it for a process's first sweep.
   */
  public void useScalarKernels(boolean scalar) {
    this.scalarKernels = scalar;
  }

  /**
   * Conjugate-gradient solve against the Gramian last given to {@link #useGramian}, in place (x
   * holds the start and receives the result); the arguments as in {@link #solveCg(float[], float[],
   * int[], float[], int, int, float, float[], int, int, float)}.
   *
   * <p>Every loop is a kernel call or a small method of its own: this method has no inner loops, so
   * the JIT compiles it once, in full, instead of several on-stack replacements of one large method
   * (each costing as much CPU as a sweep).
   */
  public void solveCg(
      float[] y,
      int[] cols,
      float[] weights,
      int from,
      int to,
      float alpha,
      float[] x,
      int xOffset,
      int steps,
      float extraDiagonal) {
    System.arraycopy(x, xOffset, xs, 0, k);
    // r = b − A·x, where A·x = gram·x + extra·x + Σ (c−1)(yᵢ·x) yᵢ and b = Σ c yᵢ
    matVec(xs, r);
    negateMinusScaled(r, extraDiagonal, xs, k);
    boolean resident = to - from <= GATHER_LIMIT;
    if (resident) {
      gather(y, cols, from, to);
    }
    addResidualTerms(y, cols, weights, from, to, alpha, resident);
    System.arraycopy(r, 0, p, 0, k);
    float rsOld = dot(r, r);
    for (int step = 0; step < steps && rsOld > 1e-20f; step++) {
      matVec(p, ap);
      axpy(extraDiagonal, p, ap);
      addObservedProduct(y, cols, weights, from, to, alpha, resident);
      float pAp = dot(p, ap);
      if (pAp <= 0f) {
        break;
      }
      float stepSize = rsOld / pAp;
      axpy(stepSize, p, xs);
      // r − s·ap, written as r + (−s)·ap: negation is exact, so the result is the same
      axpy(-stepSize, ap, r);
      float rsNew = dot(r, r);
      float beta = rsNew / rsOld;
      rPlusScaledP(beta, k);
      rsOld = rsNew;
    }
    System.arraycopy(xs, 0, x, xOffset, k);
  }

  /** r += Σ (cᵢ − (cᵢ − 1)(yᵢ·x)) yᵢ over the observed rows: b − the observed part of A·x. */
  private void addResidualTerms(
      float[] y, int[] cols, float[] weights, int from, int to, float alpha, boolean resident) {
    for (int n = from; n < to; n++) {
      float[] yi = resident ? gathered[n - from] : row(y, cols[n]);
      float c = 1f + alpha * weights[n];
      float yx = dot(yi, xs);
      float coef = c - (c - 1f) * yx;
      axpy(coef, yi, r);
    }
  }

  /** ap += Σ (cᵢ − 1)(yᵢ·p) yᵢ over the observed rows. */
  private void addObservedProduct(
      float[] y, int[] cols, float[] weights, int from, int to, float alpha, boolean resident) {
    for (int n = from; n < to; n++) {
      float[] yi = resident ? gathered[n - from] : row(y, cols[n]);
      float coef = alpha * weights[n] * dot(yi, p);
      axpy(coef, yi, ap);
    }
  }

  private float dot(float[] a, float[] b) {
    return scalarKernels ? FloatKernels.scalarDot(a, b, k) : FloatKernels.dot(a, b, k);
  }

  /** y += s·x over the k factors. */
  private void axpy(float s, float[] x, float[] y) {
    if (scalarKernels) {
      FloatKernels.scalarAxpy(s, x, y, 0, k);
    } else {
      FloatKernels.axpy(s, x, y, 0, k);
    }
  }

  /** out = gram · v. */
  private void matVec(float[] v, float[] out) {
    if (scalarKernels) {
      FloatKernels.scalarSymmetricMatVec(gramRows, v, 0, out, k);
    } else {
      FloatKernels.symmetricMatVec(gramRows, v, 0, out, k);
    }
  }

  /** v[d] = −v[d] − s·w[d]. */
  private static void negateMinusScaled(float[] v, float s, float[] w, int k) {
    for (int d = 0; d < k; d++) {
      v[d] = -v[d] - s * w[d];
    }
  }

  /** p = r + beta·p. */
  private void rPlusScaledP(float beta, int k) {
    for (int d = 0; d < k; d++) {
      p[d] = r[d] + beta * p[d];
    }
  }

  /** Copies the observed factor rows {@code cols[from..to)} of y into {@link #gathered}. */
  private void gather(float[] y, int[] cols, int from, int to) {
    int n = to - from;
    if (gathered.length < n) {
      float[][] grown = java.util.Arrays.copyOf(gathered, Math.max(n, gathered.length * 2));
      for (int j = gathered.length; j < grown.length; j++) {
        grown[j] = new float[k];
      }
      gathered = grown;
    }
    for (int j = 0; j < n; j++) {
      System.arraycopy(y, cols[from + j] * k, gathered[j], 0, k);
    }
  }

  /** One factor row of y, copied to the scratch row. */
  private float[] row(float[] y, int index) {
    System.arraycopy(y, index * k, yRow, 0, k);
    return yRow;
  }

  /** Exact solve by Cholesky decomposition (EJML); the result goes to x[xOffset .. xOffset+k). */
  public void solveCholesky(
      float[] gram,
      float[] y,
      int[] cols,
      float[] weights,
      int from,
      int to,
      float alpha,
      float[] x,
      int xOffset) {
    solveCholesky(gram, y, cols, weights, from, to, alpha, x, xOffset, 0f);
  }

  /** As the exact solve above, with {@code extraDiagonal} added to this row's diagonal. */
  public void solveCholesky(
      float[] gram,
      float[] y,
      int[] cols,
      float[] weights,
      int from,
      int to,
      float alpha,
      float[] x,
      int xOffset,
      float extraDiagonal) {
    if (cholesky == null) {
      a = new FMatrixRMaj(k, k);
      b = new FMatrixRMaj(k, 1);
      solution = new FMatrixRMaj(k, 1);
      cholesky = LinearSolverFactory_FDRM.chol(k);
    }
    float[] am = a.data;
    float[] bm = b.data;
    System.arraycopy(gram, 0, am, 0, k * k);
    java.util.Arrays.fill(bm, 0f);
    for (int n = from; n < to; n++) {
      int o = cols[n] * k;
      float cm1 = alpha * weights[n];
      float c = 1f + cm1;
      for (int i = 0; i < k; i++) {
        float yi = y[o + i];
        bm[i] += c * yi;
        float s = cm1 * yi;
        int row = i * k;
        for (int j = 0; j <= i; j++) {
          am[row + j] += s * y[o + j];
        }
      }
    }
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) {
        am[j * k + i] = am[i * k + j];
      }
      am[i * k + i] += extraDiagonal;
    }
    if (!cholesky.setA(a)) {
      throw new ArithmeticException("system is not positive definite; is the regularization > 0?");
    }
    cholesky.solve(b, solution);
    System.arraycopy(solution.data, 0, x, xOffset, k);
  }
}
