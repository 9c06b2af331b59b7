package dev.aisle.bench;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.training.SweepFlops;
import java.util.Locale;

/**
 * Prints each single-node sweep as the trainer does (wall time, GFLOP/s), plus the process CPU the
 * sweep took: on a shared machine the CPU column is the one to compare, and it shows what the
 * first sweeps pay for the JIT.
 */
final class SweepProgress implements ImplicitAls.Listener {

  private final double flops;
  private long cpuBefore = BenchChild.processCpuNanos();

  SweepProgress(InteractionMatrix train, AlsParameters params) {
    this.flops = SweepFlops.perSweep(train, params);
  }

  @Override
  public boolean afterIteration(ImplicitAls.Iteration it) {
    long cpu = BenchChild.processCpuNanos();
    double cpuSeconds = (cpu - cpuBefore) / 1e9;
    cpuBefore = cpu;
    System.out.printf(
        Locale.ROOT,
        "sweep %2d  %6.2f s  %5.2f GFLOP/s  %6.2f CPU s  %5.2f GFLOP per CPU s%n",
        it.number(),
        it.seconds(),
        SweepFlops.gigaflopsPerSecond(flops, it.seconds()),
        cpuSeconds,
        SweepFlops.gigaflopsPerSecond(flops, cpuSeconds));
    return true;
  }
}
