package dev.aisle.spark.als;

import dev.aisle.als.AlsParameters;
import java.io.Serializable;

/**
 * What a task needs of {@link AlsParameters} to solve rows (the record itself is not {@link
 * Serializable}, and a task needs neither the seed nor the sweep count).
 */
final class SolveSettings implements Serializable {

  private static final long serialVersionUID = 1L;

  final int k;
  final float alpha;
  final float regularization;
  final boolean weighted;
  final boolean cholesky;
  final int cgSteps;

  SolveSettings(AlsParameters p) {
    this.k = p.factors();
    this.alpha = p.alpha();
    this.regularization = p.regularization();
    this.weighted = p.weightedRegularization();
    this.cholesky = p.solver() == AlsParameters.Solver.CHOLESKY;
    this.cgSteps = p.cgSteps();
  }

  /** λ in the Gramian all rows share: none when each row gets its own λ·n. */
  float sharedLambda() {
    return weighted ? 0f : regularization;
  }

  /** What a row with {@code entries} entries adds to its diagonal beyond the Gramian. */
  float extraDiagonal(int entries) {
    return weighted ? regularization * Math.max(1, entries) : 0f;
  }

  /** The row's λ in the objective: λ, or λ·max(1, n) under weighted regularization. */
  double lambda(int entries) {
    return weighted ? (double) regularization * Math.max(1, entries) : regularization;
  }
}
