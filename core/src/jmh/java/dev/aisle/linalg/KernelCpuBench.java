package dev.aisle.linalg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link KernelBench}'s cases timed by the thread's CPU time rather than the wall clock, for a
 * machine shared with other work (a JMH average there measures the neighbours as much as the
 * kernel). Scalar and vector alternate in rounds in one JVM; each is called through its own class,
 * so every call site sees one implementation. Prints the median CPU ns per operation of each and
 * their ratio.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Xmx1500m -cp core/target/bench/benchmarks.jar \
 *     dev.aisle.linalg.KernelCpuBench [rounds]
 * </pre>
 */
public final class KernelCpuBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
  private static final VectorKernels VECTOR = new VectorKernels();
  private static volatile float sink;

  private KernelCpuBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    if (!VECTOR.usable()) {
      throw new IllegalStateException("no 256-bit vectors on this CPU");
    }
    System.out.println("case,scalar_cpu_ns_per_op,vector_cpu_ns_per_op,speedup");
    for (int items : new int[] {100_000, 1_000_000}) {
      float[] matrix = KernelBench.random(items * 64, 42);
      float[] query = KernelBench.random(64, 7);
      float[] scores = new float[64];
      compare("score items=" + items + " k=64", rounds, items >= 1_000_000 ? 3 : 20,
          () -> sink = scoreScalar(matrix, query, scores, items),
          () -> sink = scoreVector(matrix, query, scores, items));
      compare("scoreBefore items=" + items + " k=64 (reference: scalar only)", rounds, items >= 1_000_000 ? 3 : 20,
          () -> sink = scoreBefore(matrix, query, items),
          () -> sink = scoreBefore(matrix, query, items));
    }
    for (int k : new int[] {32, 64, 128}) {
      float[][] gram = new float[k][];
      for (int i = 0; i < k; i++) {
        gram[i] = KernelBench.random(k, 100 + i);
      }
      float[][] observed = new float[64][];
      for (int i = 0; i < observed.length; i++) {
        observed[i] = KernelBench.random(k, 1000 + i);
      }
      float[] p = KernelBench.random(k, 3);
      float[] r = KernelBench.random(k, 4);
      float[] ap = new float[k];
      float[][] acc = new float[k][k];
      compare("cgStep k=" + k + " (40 observed)", rounds, 20_000,
          () -> sink = cgScalar(gram, observed, p, r, ap, k),
          () -> sink = cgVector(gram, observed, p, r, ap, k));
      compare("matVec k=" + k, rounds, 50_000,
          () -> SCALAR.symmetricMatVec(gram, p, 0, ap, k),
          () -> VECTOR.symmetricMatVec(gram, p, 0, ap, k));
      compare("gramian 64 rows k=" + k, rounds, 500,
          () -> gramScalar(observed, acc, k),
          () -> gramVector(observed, acc, k));
    }
  }

  private static void compare(String name, int rounds, int reps, Runnable scalar, Runnable vector) {
    double[] s = new double[rounds];
    double[] v = new double[rounds];
    // warm-up: both compiled before the first timed round
    for (int i = 0; i < 3; i++) {
      time(scalar, reps);
      time(vector, reps);
    }
    for (int i = 0; i < rounds; i++) {
      s[i] = time(scalar, reps);
      v[i] = time(vector, reps);
    }
    double sm = median(s);
    double vm = median(v);
    System.out.printf(Locale.ROOT, "%s,%.1f,%.1f,%.2f%n", name, sm, vm, sm / vm);
  }

  private static double time(Runnable op, int reps) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < reps; i++) {
      op.run();
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / (double) reps;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static float scoreScalar(float[] m, float[] q, float[] scores, int items) {
    float best = Float.NEGATIVE_INFINITY;
    for (int row = 0; row < items; row += 64) {
      int count = Math.min(64, items - row);
      SCALAR.dotRows(q, m, row, count, 64, scores, 0);
      for (int i = 0; i < count; i++) {
        best = Math.max(best, scores[i]);
      }
    }
    return best;
  }

  private static float scoreVector(float[] m, float[] q, float[] scores, int items) {
    float best = Float.NEGATIVE_INFINITY;
    for (int row = 0; row < items; row += 64) {
      int count = Math.min(64, items - row);
      VECTOR.dotRows(q, m, row, count, 64, scores, 0);
      for (int i = 0; i < count; i++) {
        best = Math.max(best, scores[i]);
      }
    }
    return best;
  }

  /** The top-K scorer's loop before the kernel (four rows, even/odd sums). */
  private static float scoreBefore(float[] y, float[] q, int items) {
    final int n = 64;
    float best = Float.NEGATIVE_INFINITY;
    for (int row = 0; row + 3 < items; row += 4) {
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

  private static float cgScalar(float[][] gram, float[][] observed, float[] p, float[] r, float[] ap, int k) {
    SCALAR.symmetricMatVec(gram, p, 0, ap, k);
    for (int n = 0; n < 40; n++) {
      float[] yi = observed[n];
      SCALAR.axpy(0.5f * SCALAR.dot(yi, 0, p, 0, k), yi, ap, 0, k);
    }
    return SCALAR.dot(p, 0, ap, 0, k) + SCALAR.dot(r, 0, r, 0, k);
  }

  private static float cgVector(float[][] gram, float[][] observed, float[] p, float[] r, float[] ap, int k) {
    VECTOR.symmetricMatVec(gram, p, 0, ap, k);
    for (int n = 0; n < 40; n++) {
      float[] yi = observed[n];
      VECTOR.axpy(0.5f * VECTOR.dot(yi, 0, p, 0, k), yi, ap, 0, k);
    }
    return VECTOR.dot(p, 0, ap, 0, k) + VECTOR.dot(r, 0, r, 0, k);
  }

  private static void gramScalar(float[][] rows, float[][] acc, int k) {
    for (float[] row : rows) {
      for (int i = 0; i < k; i++) {
        SCALAR.axpy(row[i] * 1e-3f, row, acc[i], i, k);
      }
    }
  }

  private static void gramVector(float[][] rows, float[][] acc, int k) {
    for (float[] row : rows) {
      for (int i = 0; i < k; i++) {
        VECTOR.axpy(row[i] * 1e-3f, row, acc[i], i, k);
      }
    }
  }
}
