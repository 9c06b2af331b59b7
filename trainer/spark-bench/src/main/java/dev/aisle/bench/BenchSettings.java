package dev.aisle.bench;

import dev.aisle.als.AlsParameters;

/** The ALS settings of one bench case, shared by every engine. */
record BenchSettings(int rank, int iterations, float regularization, float alpha) {

  /** As the trainer runs them: CG with 3 steps, plain λ unless {@code weighted}, 2 threads. */
  AlsParameters parameters(long seed, boolean weighted) {
    return new AlsParameters(
        rank, iterations, regularization, alpha, AlsParameters.Solver.CG, 3, seed, 2, weighted);
  }

  @Override
  public String toString() {
    return "rank " + rank + ", " + iterations + " sweeps, λ " + regularization + ", α " + alpha;
  }
}
