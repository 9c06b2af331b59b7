package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two ALS sweeps on a small random matrix before a process's first real fit, so the JIT compiles
 * the solver's hot loops there and the first real sweep does not run them interpreted (measured:
 * the first sweep of a fresh JVM cost several times the third, docs/trainer.md). Once per process;
 * the result is thrown away.
 */
final class JitWarmUp {

  private static final AtomicBoolean DONE = new AtomicBoolean();
  static final int USERS = 2_000;
  static final int ITEMS = 500;
  static final int PAIRS_PER_USER = 20;

  private JitWarmUp() {}

  /** Runs the warm-up with {@code params}' factors, solver and threads, the first time only. */
  static void once(AlsParameters params) {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    Random random = new Random(1);
    int n = USERS * PAIRS_PER_USER;
    int[] r = new int[n];
    int[] c = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      r[i] = i / PAIRS_PER_USER;
      c[i] = random.nextInt(ITEMS);
      w[i] = 1 + random.nextInt(4);
    }
    InteractionMatrix matrix = InteractionMatrix.fromTriplets(USERS, ITEMS, r, c, w, n);
    ImplicitAls.fit(matrix, params.withIterations(2), it -> true);
  }
}
