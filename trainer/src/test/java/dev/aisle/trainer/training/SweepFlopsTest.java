package dev.aisle.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.als.AlsParameters;
import org.junit.jupiter.api.Test;

class SweepFlopsTest {

  @Test
  void countsTheGramianTheCgProductsAndThePairTerms() {
    // 10 users, 20 items, 50 pairs, k 4, 3 CG steps (4 products with the Gramian per row)
    AlsParameters cg = new AlsParameters(4, 1, 1f, 1f, AlsParameters.Solver.CG, 3, 1L, 1);
    double users = 2.0 * 20 * 16 + 10 * 4 * 2.0 * 16 + 50 * 4 * 4.0 * 4;
    double items = 2.0 * 10 * 16 + 20 * 4 * 2.0 * 16 + 50 * 4 * 4.0 * 4;
    assertThat(SweepFlops.perSweep(10, 20, 50, cg)).isCloseTo(users + items, within(1e-9));

    AlsParameters cholesky = cg.withSolver(AlsParameters.Solver.CHOLESKY);
    double exact =
        (2.0 * 20 * 16 + 50 * 2.0 * 16 + 10 * 64 / 3.0)
            + (2.0 * 10 * 16 + 50 * 2.0 * 16 + 20 * 64 / 3.0);
    assertThat(SweepFlops.perSweep(10, 20, 50, cholesky)).isCloseTo(exact, within(1e-9));

    assertThat(SweepFlops.gigaflopsPerSecond(3e9, 1.5)).isCloseTo(2.0, within(1e-12));
    assertThat(SweepFlops.gigaflopsPerSecond(3e9, 0)).isZero();
  }
}
