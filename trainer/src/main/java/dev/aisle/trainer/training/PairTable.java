package dev.aisle.trainer.training;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.PurchasedItems;
import java.util.Arrays;

/**
 * Interactions aggregated per (user, item): the summed event weight w (ALS confidence is
 * 1 + alpha · w), the first and last time, the event count and whether it was bought; plus the
 * time-decayed event count per item for the popular lists. Pairs are grouped by user row
 * ({@code userStart}), item rows ascending within a user.
 */
public record PairTable(
    IdIndex users,
    IdIndex items,
    int[] userStart,
    int[] item,
    float[] weight,
    long[] first,
    long[] last,
    int[] events,
    boolean[] purchased,
    float[] itemPopularity,
    long eventCount) {

  public int pairs() {
    return item.length;
  }

  /** The users × items weight matrix of the pairs whose role is in {@code roles} (all when null). */
  public InteractionMatrix matrix(byte[] role, byte... roles) {
    int[] r = new int[item.length];
    int[] c = new int[item.length];
    float[] w = new float[item.length];
    int n = 0;
    for (int u = 0; u < users.size(); u++) {
      for (int p = userStart[u]; p < userStart[u + 1]; p++) {
        if (role == null || contains(roles, role[p])) {
          r[n] = u;
          c[n] = item[p];
          w[n] = weight[p];
          n++;
        }
      }
    }
    return InteractionMatrix.fromTriplets(users.size(), items.size(), r, c, w, n);
  }

  /** The items each user bought (compressed rows, ascending). */
  public PurchasedItems purchasedItems() {
    int[] start = new int[users.size() + 1];
    int[] bought = new int[item.length];
    int n = 0;
    for (int u = 0; u < users.size(); u++) {
      start[u] = n;
      for (int p = userStart[u]; p < userStart[u + 1]; p++) {
        if (purchased[p]) {
          bought[n++] = item[p];
        }
      }
    }
    start[users.size()] = n;
    return new PurchasedItems(start, Arrays.copyOf(bought, n));
  }

  private static boolean contains(byte[] set, byte value) {
    for (byte b : set) {
      if (b == value) {
        return true;
      }
    }
    return false;
  }
}
