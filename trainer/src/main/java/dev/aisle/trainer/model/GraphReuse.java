package dev.aisle.trainer.model;

import dev.aisle.ann.ItemGraph;
import dev.aisle.model.IdIndex;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether an incremental run's model keeps the previous model's item graph (its links kept, new
 * items inserted: {@link dev.aisle.ann.ItemGraphBuilder#extend}) or builds one from scratch. A
 * search scores every candidate with the new factors, so a kept graph only has to lead the walk to
 * the right region: it is kept while at most {@code maxChangedShare} of the items are new or have
 * factors that differ from the previous model's; above that it is rebuilt.
 *
 * @param previousToNew per previous graph row, its row in the new model (−1: gone); null when there
 *     is no previous graph
 * @param changed new items plus items whose factors differ
 * @param inserted items the previous model did not have
 */
public record GraphReuse(
    boolean reuse,
    ItemGraph previous,
    int[] previousToNew,
    int changed,
    int inserted,
    double changedShare,
    String reason) {

  /** Rebuild above this share of changed items (recall@10 measured in docs/trainer.md). */
  public static final double DEFAULT_MAX_CHANGED_SHARE = 0.9;

  /** A run without a previous graph (or that must not reuse one). */
  public static GraphReuse rebuild(String reason) {
    return new GraphReuse(false, null, null, 0, 0, 1, reason);
  }

  /**
   * @param previousItems the previous model's item ids (rows of {@code previousGraph})
   * @param previousFactors its item factors, stride {@code k}
   * @param items the new model's item ids
   * @param factors the new item factors, stride {@code k}
   */
  public static GraphReuse decide(
      IdIndex previousItems,
      float[] previousFactors,
      ItemGraph previousGraph,
      IdIndex items,
      float[] factors,
      int k,
      double maxChangedShare) {
    if (previousGraph == null) {
      return rebuild("the previous model has no graph");
    }
    if (previousFactors.length != previousItems.size() * k) {
      return rebuild("the previous model has other factors");
    }
    int[] previousToNew = new int[previousItems.size()];
    Arrays.fill(previousToNew, -1);
    int changed = 0;
    int inserted = 0;
    for (int row = 0; row < items.size(); row++) {
      int old = previousItems.rowOf(items.idAt(row));
      if (old < 0) {
        inserted++;
        changed++;
        continue;
      }
      previousToNew[old] = row;
      if (!Arrays.equals(
          factors, row * k, (row + 1) * k, previousFactors, old * k, (old + 1) * k)) {
        changed++;
      }
    }
    double share = items.size() == 0 ? 0 : (double) changed / items.size();
    boolean reuse = share <= maxChangedShare;
    String reason =
        String.format(
            Locale.ROOT,
            "%s: %d of %d items changed (%.1f %%, limit %.1f %%), %d new",
            reuse ? "previous graph kept, new items inserted" : "rebuilt",
            changed,
            items.size(),
            100 * share,
            100 * maxChangedShare,
            inserted);
    return new GraphReuse(reuse, previousGraph, previousToNew, changed, inserted, share, reason);
  }
}
