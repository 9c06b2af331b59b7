package dev.aisle.linalg;

/**
 * The float loops of Aisle's math in one place: dot products (one pair, or one query against a
 * block of rows, as top-K scoring needs), axpy, the Gramian's rank-one update and the CG solver's
 * product with a symmetric matrix. ALS training, the stream's fold-in, serving's top-K, item
 * similarity, k-means and evaluation all call these, so a score or a solve is summed the same way
 * wherever it is computed.
 *
 * <p><b>Summation order.</b> A dot product sums in "lane order": element {@code d} goes to partial
 * sum {@code d mod 8} (eight independent chains the CPU overlaps; a single chain waits on every
 * add, and the JIT does not vectorize float reductions), a tail shorter than eight goes to partial
 * 0, and the partials are added as {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}. That is also the
 * order of a 256-bit vector's lanes, so the Vector API implementation gives bit-for-bit the same
 * results as the scalar one. The element-wise kernels (axpy, the rank-one update, the matrix
 * product) round exactly like their scalar loops whatever the vector width. Products and sums are
 * rounded separately (Java never fuses them), in both implementations.
 *
 * <p><b>Implementations.</b> The switch is the JVM flag {@code --add-modules jdk.incubator.vector}:
 * with it, and a CPU with at least 256-bit float vectors, the {@code jdk.incubator.vector}
 * implementation runs (measured 1.3–1.6× on top-K scoring, 1.9–2.5× on a CG step: docs/trainer.md);
 * without it (the default, and native images) the scalar one. {@code -Daisle.kernels=scalar} (or
 * the environment variable {@code AISLE_KERNELS=scalar}) keeps scalar even with the module. Chosen
 * once, at class initialization, into a constant the JIT inlines through; {@link #implementation()}
 * says which.
 *
 * <p>No method allocates. Callers pass arrays indexed alike where the JIT should vectorize a loop
 * (an offset into a flat array on one side only keeps Java 17's loop scalar), hence the {@code
 * from/to} forms of the element-wise kernels.
 */
public final class FloatKernels {

  /**
   * The system property ({@code scalar} or {@code auto}, the default; environment: AISLE_KERNELS).
   */
  public static final String PROPERTY = "aisle.kernels";

  private static final Kernels IMPL =
      choose(System.getProperty(PROPERTY, System.getenv("AISLE_KERNELS")));

  private FloatKernels() {}

  /** "scalar" or "vector": the implementation in use. */
  public static String implementation() {
    return IMPL.name();
  }

  /** a[ao..ao+n) · b[bo..bo+n), in lane order. */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    return IMPL.dot(a, ao, b, bo, n);
  }

  /** a[0..n) · b[0..n), in lane order. */
  public static float dot(float[] a, float[] b, int n) {
    return IMPL.dot(a, 0, b, 0, n);
  }

  /**
   * {@code out[outOffset + r] = q[0..n) · rows[(firstRow + r)·n ..)} for {@code r < count}: one
   * query against a block of consecutive rows of a row-major matrix; each score equals {@link
   * #dot}'s.
   */
  public static void dotRows(
      float[] q, float[] rows, int firstRow, int count, int n, float[] out, int outOffset) {
    IMPL.dotRows(q, rows, firstRow, count, n, out, outOffset);
  }

  /** y[j] += s · x[j] for j in [from, to). */
  public static void axpy(float s, float[] x, float[] y, int from, int to) {
    IMPL.axpy(s, x, y, from, to);
  }

  /**
   * The upper triangle of {@code acc += v vᵀ} (k × k, one array per row): acc[i][j] += v[i]·v[j]
   * for j ≥ i. The Gramian's update, one factor row at a time.
   */
  public static void rankOneUpper(float[][] acc, float[] v, int k) {
    for (int i = 0; i < k; i++) {
      IMPL.axpy(v[i], v, acc[i], i, k);
    }
  }

  /**
   * out = A·v for a symmetric k × k matrix given as rows (so A·v is the sum of A's rows scaled by
   * v): four rows per pass, each element as {@code out + (((v0·a0 + v1·a1) + v2·a2) + v3·a3)}. The
   * CG solver's product with the Gramian.
   */
  public static void symmetricMatVec(float[][] rows, float[] v, int vOffset, float[] out, int k) {
    IMPL.symmetricMatVec(rows, v, vOffset, out, k);
  }

  static Kernels choose(String wanted) {
    if ("scalar".equalsIgnoreCase(wanted)
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return ScalarKernels.INSTANCE;
    }
    try {
      Kernels vector =
          (Kernels)
              Class.forName("dev.aisle.linalg.VectorKernels")
                  .getDeclaredConstructor()
                  .newInstance();
      return vector.usable() ? vector : ScalarKernels.INSTANCE;
    } catch (ReflectiveOperationException | LinkageError e) {
      return ScalarKernels.INSTANCE;
    }
  }

  /**
   * {@link #dot(float[], float[], int)} on the scalar implementation whatever {@link
   * #implementation()} is: bit for bit the same result. For code that runs before the JIT has
   * compiled the kernels: until C2 compiles them, the Vector API's operations run as allocating
   * Java code, hundreds of times slower than compiled, while the scalar loops are a few times
   * slower; and C2 defers new work while its queue is long (right after a data load). ALS runs a
   * process's first sweep on these.
   */
  public static float scalarDot(float[] a, float[] b, int n) {
    return ScalarKernels.INSTANCE.dot(a, 0, b, 0, n);
  }

  /** {@link #dot(float[], int, float[], int, int)} on the scalar implementation (see above). */
  public static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
    return ScalarKernels.INSTANCE.dot(a, ao, b, bo, n);
  }

  /** {@link #axpy} on the scalar implementation (see {@link #scalarDot}). */
  public static void scalarAxpy(float s, float[] x, float[] y, int from, int to) {
    ScalarKernels.INSTANCE.axpy(s, x, y, from, to);
  }

  /** {@link #symmetricMatVec} on the scalar implementation (see {@link #scalarDot}). */
  public static void scalarSymmetricMatVec(
      float[][] rows, float[] v, int vOffset, float[] out, int k) {
    ScalarKernels.INSTANCE.symmetricMatVec(rows, v, vOffset, out, k);
  }

  /** {@link #rankOneUpper} on the scalar implementation (see {@link #scalarDot}). */
  public static void scalarRankOneUpper(float[][] acc, float[] v, int k) {
    for (int i = 0; i < k; i++) {
      ScalarKernels.INSTANCE.axpy(v[i], v, acc[i], i, k);
    }
  }
}
