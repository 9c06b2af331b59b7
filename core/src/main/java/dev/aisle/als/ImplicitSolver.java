package dev.aisle.als;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The one-row solve of implicit ALS (Hu, Koren, Volinsky 2008), shared by training (both sides)
 * and the stream fold-in. For a user u with observed items i (confidence c = 1 + alpha·w):
 *
 * <pre>
 *   (YᵀY + λI + Σᵢ (cᵢ − 1) yᵢ yᵢᵀ) x = Σᵢ cᵢ yᵢ
 * </pre>
 *
 * Conjugate gradient (Takács et al. 2011) warm-starts from the current x and costs
 * O(steps · (k² + nᵤ·k)); Cholesky (EJML) solves exactly in O(k³ + nᵤ·k²). {@code gram} is YᵀY + λI
 * (k × k, row-major), computed once per sweep by {@link #gramian} and never changed afterwards:
 * the solver keeps a row-split copy of the last Gramian it was given (by identity). One instance
 * per thread: it owns its scratch arrays, so a solve allocates nothing.
 *
 * <p>Why copies: Java 17's JIT vectorizes {@code out[i] += s * row[i]} only when both arrays are
 * indexed by the same {@code i}; with an offset into a flat array ({@code gram[j * k + i]}) it
 * stays scalar. The Gramian's rows as arrays of their own, and each observed factor row copied to
 * a scratch array, make the CG's hot loops 2–3 times faster. CG visits a row's observed factor rows
 * once per step: they are gathered once per solve (rows of up to {@value #GATHER_LIMIT} entries),
 * so with a catalog too large for the caches each is fetched from memory once rather than
 * {@code steps + 1} times; the arithmetic, and so the result, is the same.
 */
public final class ImplicitSolver {

  /** Longer rows (a very popular item's users) are read in place: their copy would not stay in cache. */
  static final int GATHER_LIMIT = 4096;

  private final int k;
  private final float[] r;
  private final float[] p;
  private final float[] ap;
  private final float[] yRow;
  /** The observed factor rows of the row being solved, gathered once (see the class comment). */
  private float[][] gathered = new float[0][];
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
    this.gramRows = new float[factors][factors];
  }

  /**
   * YᵀY + λI of a factor matrix (rows × k, row-major): the part of every row's system shared by
   * all rows. Single-threaded; O(rows · k²).
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

  /** A Gramian from {@link #gramianExact} in float with λ added to its diagonal: the solvers' {@code gram}. */
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
  public void solveCg(float[] gram, float[] y, int[] cols, float[] weights, int from, int to, float alpha,
      float[] x, int xOffset, int steps) {
    solveCg(gram, y, cols, weights, from, to, alpha, x, xOffset, steps, 0f);
  }

  /**
   * As {@link #solveCg(float[], float[], int[], float[], int, int, float, float[], int, int)}, with
   * {@code extraDiagonal} added to this row's diagonal (λ·nᵤ for count-weighted regularization).
   */
  public void solveCg(float[] gram, float[] y, int[] cols, float[] weights, int from, int to, float alpha,
      float[] x, int xOffset, int steps, float extraDiagonal) {
    // r = b − A·x, where A·x = gram·x + extra·x + Σ (c−1)(yᵢ·x) yᵢ and b = Σ c yᵢ
    multiply(gram, x, xOffset, r);
    for (int d = 0; d < k; d++) {
      r[d] = -r[d] - extraDiagonal * x[xOffset + d];
    }
    boolean gather = to - from <= GATHER_LIMIT;
    if (gather) {
      gather(y, cols, from, to);
    }
    for (int n = from; n < to; n++) {
      float[] yi = gather ? gathered[n - from] : row(y, cols[n]);
      float c = 1f + alpha * weights[n];
      float yx = dot(yi, 0, x, xOffset);
      float coef = c - (c - 1f) * yx;
      for (int d = 0; d < k; d++) {
        r[d] += coef * yi[d];
      }
    }
    System.arraycopy(r, 0, p, 0, k);
    float rsOld = dot(r, 0, r, 0);
    for (int step = 0; step < steps && rsOld > 1e-20f; step++) {
      multiply(gram, p, 0, ap);
      for (int d = 0; d < k; d++) {
        ap[d] += extraDiagonal * p[d];
      }
      for (int n = from; n < to; n++) {
        float[] yi = gather ? gathered[n - from] : row(y, cols[n]);
        float coef = alpha * weights[n] * dot(yi, 0, p, 0);
        for (int d = 0; d < k; d++) {
          ap[d] += coef * yi[d];
        }
      }
      float pAp = dot(p, 0, ap, 0);
      if (pAp <= 0f) {
        break;
      }
      float stepSize = rsOld / pAp;
      for (int d = 0; d < k; d++) {
        x[xOffset + d] += stepSize * p[d];
        r[d] -= stepSize * ap[d];
      }
      float rsNew = dot(r, 0, r, 0);
      float beta = rsNew / rsOld;
      for (int d = 0; d < k; d++) {
        p[d] = r[d] + beta * p[d];
      }
      rsOld = rsNew;
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
  public void solveCholesky(float[] gram, float[] y, int[] cols, float[] weights, int from, int to, float alpha,
      float[] x, int xOffset) {
    solveCholesky(gram, y, cols, weights, from, to, alpha, x, xOffset, 0f);
  }

  /** As the exact solve above, with {@code extraDiagonal} added to this row's diagonal. */
  public void solveCholesky(float[] gram, float[] y, int[] cols, float[] weights, int from, int to, float alpha,
      float[] x, int xOffset, float extraDiagonal) {
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

  /** out = gram · v: the Gramian is symmetric, so the sum of its rows scaled by v, four at a time. */
  private void multiply(float[] gram, float[] v, int vOffset, float[] out) {
    float[][] rows = rowsOf(gram);
    java.util.Arrays.fill(out, 0, k, 0f);
    int j = 0;
    for (; j + 3 < k; j += 4) {
      float v0 = v[vOffset + j];
      float v1 = v[vOffset + j + 1];
      float v2 = v[vOffset + j + 2];
      float v3 = v[vOffset + j + 3];
      float[] g0 = rows[j];
      float[] g1 = rows[j + 1];
      float[] g2 = rows[j + 2];
      float[] g3 = rows[j + 3];
      for (int i = 0; i < k; i++) {
        out[i] += v0 * g0[i] + v1 * g1[i] + v2 * g2[i] + v3 * g3[i];
      }
    }
    for (; j < k; j++) {
      float vj = v[vOffset + j];
      float[] g = rows[j];
      for (int i = 0; i < k; i++) {
        out[i] += vj * g[i];
      }
    }
  }

  /** The Gramian's rows as arrays of their own, copied once per Gramian (see the class comment). */
  private float[][] rowsOf(float[] gram) {
    if (gram != gramSeen) {
      for (int i = 0; i < k; i++) {
        System.arraycopy(gram, i * k, gramRows[i], 0, k);
      }
      gramSeen = gram;
    }
    return gramRows;
  }

  /**
   * Eight partial sums: independent chains the CPU overlaps (a single chain waits on every add; the
   * JIT does not vectorize float reductions). Fixed order, so results do not vary between runs.
   */
  private float dot(float[] a1, int o1, float[] a2, int o2) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int d = 0;
    for (; d + 7 < k; d += 8) {
      s0 += a1[o1 + d] * a2[o2 + d];
      s1 += a1[o1 + d + 1] * a2[o2 + d + 1];
      s2 += a1[o1 + d + 2] * a2[o2 + d + 2];
      s3 += a1[o1 + d + 3] * a2[o2 + d + 3];
      s4 += a1[o1 + d + 4] * a2[o2 + d + 4];
      s5 += a1[o1 + d + 5] * a2[o2 + d + 5];
      s6 += a1[o1 + d + 6] * a2[o2 + d + 6];
      s7 += a1[o1 + d + 7] * a2[o2 + d + 7];
    }
    for (; d < k; d++) {
      s0 += a1[o1 + d] * a2[o2 + d];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
