package dev.aisle.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

  @Test
  void runsOncePerProcessAndReportsOnce() throws Exception {
    AlsParameters params = AlsParameters.of(8, 1, 0.1f, 1f).withThreads(2);
    List<String> lines = new ArrayList<>();

    // a background start, then a fit that needs it: the fit waits, and hears of it once
    JitWarmUp.startInBackground(params);
    JitWarmUp.awaitOrRun(params, lines::add);
    JitWarmUp.Summary first = JitWarmUp.summary();
    assertNotNull(first);
    assertTrue(
        first.sweeps() >= JitWarmUp.MIN_SWEEPS && first.sweeps() <= JitWarmUp.MAX_SWEEPS,
        "sweeps " + first.sweeps());
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("jit warm-up: " + first.sweeps() + " sweeps"), lines.get(0));

    // later fits and starts do nothing more
    JitWarmUp.startInBackground(params);
    JitWarmUp.awaitOrRun(params, lines::add);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(first == JitWarmUp.summary(), "the summary of the one warm-up");
  }

  @Test
  void itsMatrixHasARowLongerThanTheSolversGatherLimit() {
    InteractionMatrix matrix = JitWarmUp.matrix();
    InteractionMatrix itemUsers = matrix.transpose();
    int longest = 0;
    for (int item = 0; item < itemUsers.rows(); item++) {
      longest = Math.max(longest, itemUsers.rowLength(item));
    }
    assertTrue(longest > ImplicitSolver.GATHER_LIMIT, "longest item row " + longest);
    assertEquals(JitWarmUp.USERS, matrix.rows());
  }
}
