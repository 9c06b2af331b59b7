package dev.aisle.spark.job;

import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.ShopperPairs;
import dev.aisle.trainer.hygiene.OutlierFence;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One snapshot part's training pairs as one Spark task reads them with core's {@link PartReader}:
 * the shoppers the outlier rule keeps ({@link OutlierFence#isOutlier}, the fence the driver
 * computed from the snapshot's histogram), in the part's order (ascending id), each with a local
 * row, and their pairs with the training item row and the snapshot's weight (event weights and
 * decay were applied when the events were folded, by the same code on both paths). Pairs of items
 * no kept shopper used cannot occur: the driver's item rows come from the same kept shoppers.
 */
public final class PartPairs implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int part;
  private final String[] shoppers;
  private final int[] rowStart;
  private final int[] items;
  private final float[] weights;

  private PartPairs(int part, String[] shoppers, int[] rowStart, int[] items, float[] weights) {
    this.part = part;
    this.shoppers = shoppers;
    this.rowStart = rowStart;
    this.items = items;
    this.weights = weights;
  }

  /**
   * @param itemRowOf snapshot item row → training item row (−1: unused)
   */
  public static PartPairs read(int part, PartReader reader, double fence, int[] itemRowOf)
      throws IOException {
    String[] ids = new String[64];
    int[] start = new int[65];
    int[] items = new int[256];
    float[] weights = new float[256];
    int users = 0;
    int n = 0;
    ShopperPairs s = new ShopperPairs();
    while (reader.next(s)) {
      if (OutlierFence.isOutlier(s.events(), fence)) {
        continue;
      }
      if (users == ids.length) {
        ids = Arrays.copyOf(ids, users * 2);
        start = Arrays.copyOf(start, users * 2 + 1);
      }
      if (n + s.size() > items.length) {
        int size = Math.max(n + s.size(), items.length * 2);
        items = Arrays.copyOf(items, size);
        weights = Arrays.copyOf(weights, size);
      }
      for (int p = 0; p < s.size(); p++) {
        int row = itemRowOf[s.item(p)];
        if (row < 0) {
          throw new IllegalStateException(
              "part "
                  + part
                  + ": a kept shopper's item "
                  + s.item(p)
                  + " has no training row (the driver's pass and this task disagree on the"
                  + " snapshot)");
        }
        items[n] = row;
        weights[n] = s.weight(p);
        n++;
      }
      ids[users++] = s.shopperId();
      start[users] = n;
    }
    return new PartPairs(
        part,
        Arrays.copyOf(ids, users),
        Arrays.copyOf(start, users + 1),
        Arrays.copyOf(items, n),
        Arrays.copyOf(weights, n));
  }

  public int part() {
    return part;
  }

  /** Kept shoppers' ids in local row order (ascending id). */
  public String[] shoppers() {
    return shoppers;
  }

  public int users() {
    return shoppers.length;
  }

  public int pairs() {
    return items.length;
  }

  /** Calls {@code visit} with (local user row, training item row, weight) for every pair. */
  public void forEach(PairVisitor visit) {
    for (int u = 0; u < shoppers.length; u++) {
      for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
        visit.pair(u, items[p], weights[p]);
      }
    }
  }

  /** One pair. */
  @FunctionalInterface
  public interface PairVisitor {
    void pair(int user, int item, float weight);
  }
}
