package dev.aisle.linalg;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FloatKernels}' scalar and Vector API implementations side by side (each parameter set in a
 * JVM of its own, so every call site sees one implementation, as in production):
 * <ul>
 *   <li>{@code score}: one query against every row of an items × 64 matrix, by blocks of 64 rows
 *       (top-K scoring's loop without the heap); {@code scoreBefore} is the top-K scorer's loop
 *       before the kernel (four rows, even/odd sums) for reference;</li>
 *   <li>{@code cgStep}: one CG step of a row with 40 observed items at k factors: the product with
 *       the Gramian, then a dot product and an axpy per observed row, then the step's own dots;</li>
 *   <li>{@code gramianRows}: the Gramian's rank-one updates over 64 factor rows.</li>
 * </ul>
 *
 * <pre>
 *   ./mvnw -B -pl core -Pbench package
 *   java -jar core/target/bench/benchmarks.jar KernelBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1500m", "-Xmx1500m", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class KernelBench {

  private static final int OBSERVED = 40;

  /** Scoring state: the item matrix. */
  @State(Scope.Benchmark)
  public static class Items {
    @Param({"100000", "1000000"})
    int items;

    @Param({"scalar", "vector"})
    String impl;

    final int factors = 64;
    Kernels kernels;
    float[] matrix;
    float[] query;
    float[] scores = new float[64];

    @Setup
    public void setUp() {
      kernels = FloatKernels.choose(impl);
      if (!kernels.name().equals(impl)) {
        throw new IllegalStateException(impl + " kernels are not available here");
      }
      matrix = random(items * factors, 42);
      query = random(factors, 7);
    }
  }

  /** CG state: a Gramian, observed rows and the solver's vectors at k factors. */
  @State(Scope.Benchmark)
  public static class Solve {
    @Param({"32", "64", "128"})
    int k;

    @Param({"scalar", "vector"})
    String impl;

    Kernels kernels;
    float[][] gram;
    float[][] observed;
    float[] p;
    float[] ap;
    float[] r;
    float[][] acc;

    @Setup
    public void setUp() {
      kernels = FloatKernels.choose(impl);
      if (!kernels.name().equals(impl)) {
        throw new IllegalStateException(impl + " kernels are not available here");
      }
      gram = new float[k][];
      for (int i = 0; i < k; i++) {
        gram[i] = random(k, 100 + i);
      }
      observed = new float[64][];
      for (int i = 0; i < observed.length; i++) {
        observed[i] = random(k, 1000 + i);
      }
      p = random(k, 3);
      r = random(k, 4);
      ap = new float[k];
      acc = new float[k][k];
    }
  }

  @Benchmark
  public float score(Items s) {
    float best = Float.NEGATIVE_INFINITY;
    for (int row = 0; row < s.items; row += 64) {
      int count = Math.min(64, s.items - row);
      s.kernels.dotRows(s.query, s.matrix, row, count, s.factors, s.scores, 0);
      for (int i = 0; i < count; i++) {
        best = Math.max(best, s.scores[i]);
      }
    }
    return best;
  }

  /** The top-K scorer's loop before the kernel: four rows at a time, even and odd factors apart. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Xms1500m", "-Xmx1500m"})
  public float scoreBefore(Items s) {
    if (!s.impl.equals("scalar")) {
      return 0f;
    }
    final float[] y = s.matrix;
    final float[] q = s.query;
    final int n = s.factors;
    float best = Float.NEGATIVE_INFINITY;
    for (int row = 0; row + 3 < s.items; row += 4) {
      int o0 = row * n;
      int o1 = o0 + n;
      int o2 = o1 + n;
      int o3 = o2 + n;
      float a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (int j = 0; j < n; j += 2) {
        float qa = q[j];
        float qb = q[j + 1];
        a0 += qa * y[o0 + j];
        b0 += qb * y[o0 + j + 1];
        a1 += qa * y[o1 + j];
        b1 += qb * y[o1 + j + 1];
        a2 += qa * y[o2 + j];
        b2 += qb * y[o2 + j + 1];
        a3 += qa * y[o3 + j];
        b3 += qb * y[o3 + j + 1];
      }
      best = Math.max(best, Math.max(Math.max(a0 + b0, a1 + b1), Math.max(a2 + b2, a3 + b3)));
    }
    return best;
  }

  @Benchmark
  public float cgStep(Solve s) {
    Kernels kernels = s.kernels;
    int k = s.k;
    kernels.symmetricMatVec(s.gram, s.p, 0, s.ap, k);
    for (int n = 0; n < OBSERVED; n++) {
      float[] yi = s.observed[n];
      kernels.axpy(0.5f * kernels.dot(yi, 0, s.p, 0, k), yi, s.ap, 0, k);
    }
    float pAp = kernels.dot(s.p, 0, s.ap, 0, k);
    float rr = kernels.dot(s.r, 0, s.r, 0, k);
    return pAp + rr;
  }

  @Benchmark
  public float[][] gramianRows(Solve s) {
    for (float[] row : s.observed) {
      for (int i = 0; i < s.k; i++) {
        s.kernels.axpy(row[i] * 1e-3f, row, s.acc[i], i, s.k);
      }
    }
    return s.acc;
  }

  static float[] random(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.1f;
    }
    return v;
  }
}
