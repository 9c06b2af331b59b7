package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The items shoppers touched in a later events file, as held-out rows for {@link Evaluator}: what a
 * trained model's lists are measured against when runs of different kinds (full, incremental with
 * every row swept, incremental with only the changed rows) must be compared on the same future.
 * Only known shoppers and items count, and a pair the shopper already has in training is left out
 * (lists never show it).
 */
public final class LaterEvents {

  private LaterEvents() {}

  /** The later file's new (shopper, item) pairs, rows as in {@code seen}. */
  public static InteractionMatrix heldOut(
      Path file, IdIndex shoppers, IdIndex items, InteractionMatrix seen) {
    int[] r = new int[1024];
    int[] c = new int[1024];
    int[] n = {0};
    int[][] arrays = {r, c};
    InteractionsCsv.read(
        file,
        new HygieneReport(),
        row -> {
          int u = shoppers.rowOf(row.userId());
          int i = items.rowOf(row.itemId());
          if (u < 0
              || i < 0
              || Arrays.binarySearch(seen.cols(), seen.rowStart(u), seen.rowEnd(u), i) >= 0) {
            return;
          }
          if (n[0] == arrays[0].length) {
            arrays[0] = Arrays.copyOf(arrays[0], n[0] * 2);
            arrays[1] = Arrays.copyOf(arrays[1], n[0] * 2);
          }
          arrays[0][n[0]] = u;
          arrays[1][n[0]] = i;
          n[0]++;
        });
    float[] ones = new float[n[0]];
    Arrays.fill(ones, 1f);
    InteractionMatrix summed =
        InteractionMatrix.fromTriplets(
            seen.rows(), seen.columns(), arrays[0], arrays[1], ones, n[0]);
    // a pair touched several times counts once
    float[] binary = new float[summed.nonZeros()];
    Arrays.fill(binary, 1f);
    int[] start = new int[summed.rows() + 1];
    for (int u = 0; u < summed.rows(); u++) {
      start[u + 1] = summed.rowEnd(u);
    }
    return new InteractionMatrix(summed.rows(), summed.columns(), start, summed.cols(), binary);
  }
}
