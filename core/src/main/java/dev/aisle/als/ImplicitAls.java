package dev.aisle.als;

import dev.aisle.linalg.FloatKernels;
import dev.aisle.parallel.Chunks;
import dev.aisle.parallel.DaemonThreads;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Implicit-feedback ALS (Hu, Koren, Volinsky 2008): alternates solving every user row against the
 * fixed item factors and every item row against the fixed user factors, each row with {@link
 * ImplicitSolver} (CG by default, Cholesky optionally).
 *
 * <p>Rows are spread over a fixed pool in chunks; each worker owns its solver scratch. A row's
 * result depends only on its own data, the other side's factors and its previous value, never on
 * which thread ran it, and reductions (gramian, loss) add fixed chunks in a fixed order: the same
 * seed gives bit-identical factors for any number of threads.
 */
public final class ImplicitAls {

  /**
   * Rows per unit of work: small enough to balance skewed rows, large enough to be cheap to claim.
   */
  private static final int CHUNK_ROWS = 256;

  /** Rows per partial sum of the gramian and the loss (fixed, so sums do not depend on threads). */
  private static final int REDUCE_ROWS = 4096;

  /**
   * Set once a sweep has finished in this process: until then sweeps run on the scalar kernels.
   * Before C2 compiles them, the Vector API kernels run hundreds of times slower than compiled
   * (every operation allocates), and C2 takes long to get to them right after a data load (its
   * queue is full of the loader's methods, and it raises its thresholds while the queue is long):
   * measured, the first sweep of a fresh JVM cost 15 times a later one, 60 % of a 10-sweep fit's
   * CPU. The scalar loops are only a few times slower before compilation, and the results are the
   * same bit for bit; from the second sweep on, C2 has caught up and the selected kernels compile
   * quickly.
   */
  private static final AtomicBoolean SWEPT = new AtomicBoolean();

  private ImplicitAls() {}

  /** Called after every sweep; return false to stop early (the factors then are the last ones). */
  @FunctionalInterface
  public interface Listener {
    boolean afterIteration(Iteration iteration);
  }

  /**
   * One finished sweep. {@link #loss()} is computed on first call only (it costs about half a
   * sweep).
   */
  public static final class Iteration {
    private final int number;
    private final double seconds;
    private final Factors factors;
    private final InteractionMatrix userItems;
    private final AlsParameters params;
    private final ExecutorService pool;

    /** XᵀX of this sweep's user factors (no λ), from its item half; null: the loss sums it. */
    private final float[] userGramian;

    private double loss = Double.NaN;

    Iteration(
        int number,
        double seconds,
        Factors factors,
        InteractionMatrix userItems,
        AlsParameters params,
        ExecutorService pool,
        float[] userGramian) {
      this.number = number;
      this.seconds = seconds;
      this.factors = factors;
      this.userItems = userItems;
      this.params = params;
      this.pool = pool;
      this.userGramian = userGramian;
    }

    /** 1-based. */
    public int number() {
      return number;
    }

    /** Wall time of this sweep. */
    public double seconds() {
      return seconds;
    }

    public Factors factors() {
      return factors;
    }

    /** The objective Σ c(p − x·y)² + λ(‖X‖² + ‖Y‖²) over all user × item cells. */
    public double loss() {
      if (Double.isNaN(loss)) {
        loss = ImplicitAls.loss(userItems, factors, params, pool, userGramian);
      }
      return loss;
    }
  }

  /** The fitted factors: users × k and items × k, row-major float32. */
  public record Factors(float[] users, float[] items, int factors) {
    public int userCount() {
      return users.length / factors;
    }

    public int itemCount() {
      return items.length / factors;
    }
  }

  public static Factors fit(InteractionMatrix userItems, AlsParameters params) {
    return fit(userItems, params, it -> true);
  }

  /**
   * Fits factors to a users × items matrix of weights w (confidence 1 + alpha · w, preference 1 for
   * every stored entry).
   */
  public static Factors fit(InteractionMatrix userItems, AlsParameters params, Listener listener) {
    return fit(userItems, params, null, listener);
  }

  /**
   * As {@link #fit(InteractionMatrix, AlsParameters, Listener)}, starting from known item factors:
   * {@code initialItems} gets the seeded random item factors (items × k, row-major) and overwrites
   * the rows it knows, e.g. an incremental run's previous model (new items stay random). The first
   * half-sweep then solves the users against those factors, so a few sweeps reach what a cold start
   * needs many for.
   *
   * @param initialItems null for a cold start
   */
  public static Factors fit(
      InteractionMatrix userItems,
      AlsParameters params,
      Consumer<float[]> initialItems,
      Listener listener) {
    int k = params.factors();
    InteractionMatrix itemUsers = userItems.transpose();
    SplittableRandom random = new SplittableRandom(params.seed());
    float[] x = StartingFactors.rows(userItems.rows(), k, random);
    float[] y = StartingFactors.rows(userItems.columns(), k, random);
    if (initialItems != null) {
      initialItems.accept(y);
    }
    Factors factors = new Factors(x, y, k);
    ExecutorService pool = DaemonThreads.fixedPool("aisle-als", params.threads());
    try {
      for (int it = 1; it <= params.iterations(); it++) {
        long started = System.nanoTime();
        boolean scalar = !SWEPT.get();
        sweep(userItems, y, x, params, pool, null, scalar);
        float[] xtx = sweep(itemUsers, x, y, params, pool, null, scalar);
        SWEPT.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!listener.afterIteration(
            new Iteration(it, seconds, factors, userItems, params, pool, xtx))) {
          break;
        }
      }
      return factors;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Re-solves only the listed rows, from given factors: {@code userRows} against the items, then
   * {@code itemRows} against the users, for {@code params.iterations()} sweeps. Every other row
   * keeps the factors it was given, bit for bit. Each half-sweep's Gramian is still summed over
   * every row of the other side (the unobserved cells of a re-solved row involve all of them), so a
   * listed row is solved exactly as a full sweep would solve it.
   *
   * <p>What an incremental run uses: the previous run's factors for everyone, shoppers with new
   * events and the items they touched re-solved.
   *
   * @param users users × k, updated in place
   * @param items items × k, updated in place
   * @param userRows ascending user rows to re-solve
   * @param itemRows ascending item rows to re-solve
   */
  public static Factors refit(
      InteractionMatrix userItems,
      AlsParameters params,
      float[] users,
      float[] items,
      int[] userRows,
      int[] itemRows,
      Listener listener) {
    int k = params.factors();
    if (users.length != userItems.rows() * k || items.length != userItems.columns() * k) {
      throw new IllegalArgumentException(
          "factors do not match the matrix's "
              + userItems.rows()
              + " x "
              + userItems.columns()
              + " at "
              + k
              + " factors");
    }
    InteractionMatrix itemUsers = userItems.transpose();
    Factors factors = new Factors(users, items, k);
    ExecutorService pool = DaemonThreads.fixedPool("aisle-als", params.threads());
    try {
      for (int it = 1; it <= params.iterations(); it++) {
        long started = System.nanoTime();
        boolean scalar = !SWEPT.get();
        sweep(userItems, items, users, params, pool, userRows, scalar);
        float[] xtx = sweep(itemUsers, users, items, params, pool, itemRows, scalar);
        SWEPT.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!listener.afterIteration(
            new Iteration(it, seconds, factors, userItems, params, pool, xtx))) {
          break;
        }
      }
      return factors;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Solves every row of {@code target} against the fixed {@code other} side. */
  static float[] sweep(
      InteractionMatrix rows,
      float[] other,
      float[] target,
      AlsParameters params,
      ExecutorService pool) {
    return sweep(rows, other, target, params, pool, null, false);
  }

  /**
   * Solves the rows of {@code target} listed in {@code only} (null: every row) against {@code
   * other}, on the scalar kernels if {@code scalarKernels} (see {@link #SWEPT}).
   *
   * @return {@code other}'s Gramian without λ, which the solves used (plus λI unless weighted);
   *     null when no row was listed
   */
  static float[] sweep(
      InteractionMatrix rows,
      float[] other,
      float[] target,
      AlsParameters params,
      ExecutorService pool,
      int[] only,
      boolean scalarKernels) {
    int count = only == null ? rows.rows() : only.length;
    if (count == 0) {
      return null;
    }
    int k = params.factors();
    boolean weighted = params.weightedRegularization();
    float[] plain = gramian(other, rows.columns(), k, 0f, pool, params.threads(), scalarKernels);
    // weighted: λ·nᵤ per row instead of the shared λ in the gramian
    float[] gram = weighted ? plain : plusDiagonal(plain, k, params.regularization());
    int[] cols = rows.cols();
    float[] weights = rows.values();
    float alpha = params.alpha();
    Chunks.run(
        pool,
        "als sweep",
        params.threads(),
        Chunks.count(count, CHUNK_ROWS),
        () -> {
          ImplicitSolver solver = new ImplicitSolver(k);
          solver.useGramian(gram);
          solver.useScalarKernels(scalarKernels);
          return chunk -> {
            int end = Math.min(count, (chunk + 1) * CHUNK_ROWS);
            for (int n = chunk * CHUNK_ROWS; n < end; n++) {
              int row = only == null ? n : only[n];
              int from = rows.rowStart(row);
              int to = rows.rowEnd(row);
              float extra = weighted ? (float) regularization(params, to - from) : 0f;
              if (params.solver() == AlsParameters.Solver.CHOLESKY) {
                solver.solveCholesky(
                    gram, other, cols, weights, from, to, alpha, target, row * k, extra);
              } else {
                solver.solveCg(
                    other,
                    cols,
                    weights,
                    from,
                    to,
                    alpha,
                    target,
                    row * k,
                    params.cgSteps(),
                    extra);
              }
            }
          };
        });
    return plain;
  }

  /**
   * A copy of {@code gram} with {@code lambda} added to its diagonal: the same floats as {@link
   * #gramian} given that λ.
   */
  private static float[] plusDiagonal(float[] gram, int k, float lambda) {
    float[] out = gram.clone();
    for (int i = 0; i < k; i++) {
      out[i * k + i] += lambda;
    }
    return out;
  }

  /**
   * YᵀY + λI, summed over fixed blocks of rows in block order (deterministic for any thread count).
   */
  static float[] gramian(
      float[] factors, int rows, int k, float lambda, ExecutorService pool, int threads) {
    return gramian(factors, rows, k, lambda, pool, threads, false);
  }

  /** As above, on the scalar kernels if {@code scalarKernels} (the same sums bit for bit). */
  static float[] gramian(
      float[] factors,
      int rows,
      int k,
      float lambda,
      ExecutorService pool,
      int threads,
      boolean scalarKernels) {
    int blocks = Math.max(1, Chunks.count(rows, REDUCE_ROWS));
    double[][] partial = new double[blocks][];
    Chunks.run(
        pool,
        "als gramian",
        threads,
        blocks,
        () -> {
          // Accumulator rows and the factor row as arrays of their own, indexed alike: the loop the
          // JIT vectorizes (see ImplicitSolver's class comment).
          float[][] rowAcc = new float[k][k];
          float[] factor = new float[k];
          return b -> {
            double[] acc = new double[k * k];
            int end = Math.min(rows, (b + 1) * REDUCE_ROWS);
            // Rows add up in float within a block of 64, then in double: fast and accurate enough.
            for (int start = b * REDUCE_ROWS; start < end; start += 64) {
              for (float[] accRow : rowAcc) {
                java.util.Arrays.fill(accRow, 0f);
              }
              for (int row = start, stop = Math.min(end, start + 64); row < stop; row++) {
                System.arraycopy(factors, row * k, factor, 0, k);
                if (scalarKernels) {
                  FloatKernels.scalarRankOneUpper(rowAcc, factor, k);
                } else {
                  FloatKernels.rankOneUpper(rowAcc, factor, k);
                }
              }
              for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                  acc[i * k + j] += rowAcc[i][j];
                }
              }
            }
            partial[b] = acc;
          };
        });
    double[] sum = new double[k * k];
    for (double[] p : partial) {
      for (int n = 0; n < sum.length; n++) {
        sum[n] += p[n];
      }
    }
    float[] gram = new float[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        float v = (float) sum[i * k + j];
        gram[i * k + j] = v;
        gram[j * k + i] = v;
      }
      gram[i * k + i] += lambda;
    }
    return gram;
  }

  /**
   * Σ over observed (c(1 − p)² − p²) + Σᵤ xᵤᵀ(YᵀY)xᵤ + λ(‖X‖² + ‖Y‖²) (λ·n per row when weighted),
   * p = x·y: the full objective without visiting the unobserved cells (their p² is inside the
   * quadratic form). The quadratic form over all shoppers is trace(YᵀY·XᵀX), two Gramians on the
   * sweep's own kernel instead of a k × k product per shopper (which cost more CPU than the sweeps'
   * solves). Scalar dots for the observed pairs: the loss may run before C2 has compiled the Vector
   * API (see {@link #SWEPT}).
   */
  static double loss(
      InteractionMatrix userItems, Factors f, AlsParameters params, ExecutorService pool) {
    return loss(userItems, f, params, pool, null);
  }

  /**
   * As above, with XᵀX given when the sweep has just summed it ({@code userGramian}, no λ; null:
   * summed here). The item half-sweep solves against exactly that Gramian, so the loss need not sum
   * it again (of the loss's CPU, the larger part).
   */
  static double loss(
      InteractionMatrix userItems,
      Factors f,
      AlsParameters params,
      ExecutorService pool,
      float[] userGramian) {
    int k = f.factors();
    float[] x = f.users();
    float[] y = f.items();
    float[] yty = gramian(y, f.itemCount(), k, 0f, pool, params.threads());
    float[] xtx =
        userGramian != null
            ? userGramian
            : gramian(x, userItems.rows(), k, 0f, pool, params.threads());
    double quadratic = 0;
    for (int n = 0; n < k * k; n++) {
      quadratic += (double) yty[n] * xtx[n];
    }
    int blocks = Math.max(1, Chunks.count(userItems.rows(), REDUCE_ROWS));
    double[] partial = new double[blocks];
    Chunks.run(
        pool,
        "als loss",
        params.threads(),
        blocks,
        () ->
            b -> {
              double sum = 0;
              for (int u = b * REDUCE_ROWS, end = Math.min(userItems.rows(), (b + 1) * REDUCE_ROWS);
                  u < end;
                  u++) {
                int o = u * k;
                double lambda = regularization(params, userItems.rowLength(u));
                sum += lambda * FloatKernels.scalarDot(x, o, x, o, k);
                for (int n = userItems.rowStart(u); n < userItems.rowEnd(u); n++) {
                  double p = FloatKernels.scalarDot(x, o, y, userItems.cols()[n] * k, k);
                  double c = 1.0 + params.alpha() * userItems.values()[n];
                  sum += c * (1 - p) * (1 - p) - p * p;
                }
              }
              partial[b] = sum;
            });
    double loss = quadratic;
    for (double p : partial) {
      loss += p;
    }
    int[] itemCounts = new int[f.itemCount()];
    for (int col : userItems.cols()) {
      itemCounts[col]++;
    }
    double itemTerm = 0;
    for (int i = 0; i < itemCounts.length; i++) {
      itemTerm +=
          regularization(params, itemCounts[i]) * FloatKernels.scalarDot(y, i * k, y, i * k, k);
    }
    return loss + itemTerm;
  }

  /** λ, or λ·max(1, n) for a row with n entries under weighted regularization. */
  private static double regularization(AlsParameters params, int entries) {
    return params.weightedRegularization()
        ? params.regularization() * Math.max(1, entries)
        : params.regularization();
  }
}
