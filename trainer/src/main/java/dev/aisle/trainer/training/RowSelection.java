package dev.aisle.trainer.training;

import dev.aisle.als.InteractionMatrix;
import java.util.Arrays;

/**
 * The rows an incremental run re-solves: the shoppers with new events (or new to training), and the
 * items those shoppers touched (enough of: {@code minItemShare}) plus any item the previous run did
 * not train. Everything else keeps its previous factors: one warm-started sweep would move them by
 * noise only.
 *
 * @param users ascending shopper rows
 * @param items ascending item rows
 */
public record RowSelection(int[] users, int[] items) {

  /**
   * Every touched item: {@link #of(InteractionMatrix, boolean[], boolean[], double)} with share 0.
   */
  public static RowSelection of(
      InteractionMatrix userItems, boolean[] changedUsers, boolean[] knownItems) {
    return of(userItems, changedUsers, knownItems, 0);
  }

  /**
   * @param changedUsers per shopper row: new events, or not trained by the previous run
   * @param knownItems per item row: trained by the previous run
   * @param minItemShare a known item is re-solved when at least this share of its pairs belongs to
   *     changed shoppers (0: when any does). A popular item's solve costs in proportion to its
   *     pairs, and a few changed shoppers among thousands move its factors by little: skipping it
   *     until the next all-rows sweep is what keeps an incremental run's cost with the change.
   */
  public static RowSelection of(
      InteractionMatrix userItems,
      boolean[] changedUsers,
      boolean[] knownItems,
      double minItemShare) {
    if (changedUsers.length != userItems.rows() || knownItems.length != userItems.columns()) {
      throw new IllegalArgumentException("flags do not match the matrix");
    }
    if (!(minItemShare >= 0 && minItemShare <= 1)) {
      throw new IllegalArgumentException("the item share must be in [0, 1], got " + minItemShare);
    }
    int[] users = new int[userItems.rows()];
    int u = 0;
    int[] changedPairs = new int[userItems.columns()];
    int[] allPairs = new int[userItems.columns()];
    int[] cols = userItems.cols();
    for (int row = 0; row < userItems.rows(); row++) {
      boolean changed = changedUsers[row];
      if (changed) {
        users[u++] = row;
      }
      for (int n = userItems.rowStart(row); n < userItems.rowEnd(row); n++) {
        allPairs[cols[n]]++;
        if (changed) {
          changedPairs[cols[n]]++;
        }
      }
    }
    int[] items = new int[userItems.columns()];
    int i = 0;
    for (int col = 0; col < changedPairs.length; col++) {
      boolean touched = changedPairs[col] > 0 && changedPairs[col] >= minItemShare * allPairs[col];
      if (touched || !knownItems[col]) {
        items[i++] = col;
      }
    }
    return new RowSelection(Arrays.copyOf(users, u), Arrays.copyOf(items, i));
  }

  /** Share of the shoppers re-solved. */
  public double userShare(int totalUsers) {
    return totalUsers == 0 ? 0 : (double) users.length / totalUsers;
  }

  /** Share of the items re-solved. */
  public double itemShare(int totalItems) {
    return totalItems == 0 ? 0 : (double) items.length / totalItems;
  }
}
