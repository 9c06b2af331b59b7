package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.InteractionMatrix;

/**
 * Floating-point operations of one ALS sweep (users, then items), counted from the kernels' loops,
 * so the progress can print a sweep's throughput in GFLOP/s. A multiply-add counts 2.
 *
 * <p>Half a sweep solving the R rows of one side against the N rows of the other, with Z observed
 * pairs and k factors: the Gramian of the other side, 2·N·k² (computed in full); then conjugate
 * gradient with s steps per row: s + 1 products with the Gramian (2k² each) and, per observed pair
 * and product, a dot and an axpy (4k) — R·(s+1)·2k² + Z·(s+1)·4k. Cholesky instead builds each
 * row's system from its pairs (2k² per pair) and factors it (k³/3 per row). Vector updates of O(k)
 * per row are left out: below 1 % at k ≥ 16.
 */
public final class SweepFlops {

  private SweepFlops() {}

  /** The operations of one sweep over {@code matrix} (shoppers × items) with {@code params}. */
  public static double perSweep(InteractionMatrix matrix, AlsParameters params) {
    return perSweep(matrix.rows(), matrix.columns(), matrix.nonZeros(), params);
  }

  static double perSweep(long users, long items, long pairs, AlsParameters params) {
    return half(users, items, pairs, params) + half(items, users, pairs, params);
  }

  private static double half(long rows, long other, long pairs, AlsParameters params) {
    double k = params.factors();
    double gramian = 2.0 * other * k * k;
    if (params.solver() == AlsParameters.Solver.CHOLESKY) {
      return gramian + pairs * 2.0 * k * k + rows * k * k * k / 3.0;
    }
    int products = params.cgSteps() + 1;
    return gramian + rows * products * 2.0 * k * k + pairs * products * 4.0 * k;
  }

  /** Throughput of a sweep of {@code flops} that took {@code seconds}, in GFLOP/s. */
  public static double gigaflopsPerSecond(double flops, double seconds) {
    return seconds > 0 ? flops / seconds / 1e9 : 0.0;
  }
}
