package dev.aisle.trainer.training;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.PurchasedItems;
import dev.aisle.snapshot.ShopperPairs;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.hygiene.OutlierFence;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.snapshot.ShopperMerge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What training sees of a snapshot, read in streaming passes over its parts (shoppers in id order,
 * {@link ShopperMerge}) so that only what a step needs is on the heap:
 *
 * <ul>
 *   <li>opening: the outlier fence from the snapshot's histogram (no pass needed), then one pass
 *       that gives each kept shopper a row (id order), each used item a row (id order) and sums the
 *       items' decayed counts for the popular lists;
 *   <li>{@link #matrix()}: the shoppers × items weight matrix, compressed rows (8 bytes per pair);
 *   <li>{@link #matrices}: the hold-out's matrices, pair roles computed per shopper on the way (a
 *       counting pass, then a filling one);
 *   <li>{@link #pairTable()}: after ALS, shopper ids and purchases for the model.
 * </ul>
 *
 * Items within a row are in ascending item row.
 */
public final class TrainingSet {

  private final LocalSnapshot snapshot;
  private final double fence;
  private final int users;
  private final IdIndex items;

  /** Snapshot item row → training item row (−1: used by no kept shopper). */
  private final int[] itemRowOf;

  private final float[] itemPopularity;
  private final int[] rowStart;
  private final long events;

  /** Kept events per shopper row (what tells an incremental run which shoppers have new events). */
  private final int[] shopperEvents;

  private TrainingSet(
      LocalSnapshot snapshot,
      double fence,
      int users,
      IdIndex items,
      int[] itemRowOf,
      float[] itemPopularity,
      int[] rowStart,
      long events,
      int[] shopperEvents) {
    this.snapshot = snapshot;
    this.fence = fence;
    this.users = users;
    this.items = items;
    this.itemRowOf = itemRowOf;
    this.itemPopularity = itemPopularity;
    this.rowStart = rowStart;
    this.events = events;
    this.shopperEvents = shopperEvents;
  }

  /** Applies the outlier rule (counted in {@code report}) and indexes shoppers and items. */
  public static TrainingSet open(LocalSnapshot snapshot, HygieneRules rules, HygieneReport report) {
    double fence = OutlierFence.of(snapshot.manifest().eventsPerShopper(), rules);
    List<String> snapshotItems = readItems(snapshot);
    boolean[] used = new boolean[snapshotItems.size()];
    float[] popularity = new float[snapshotItems.size()];
    int[] pairsOf = new int[16];
    int[] eventsOf = new int[16];
    int users = 0;
    long kept = 0;
    long outlierUsers = 0;
    long outlierEvents = 0;
    try (ShopperMerge merge = new ShopperMerge(snapshot)) {
      for (ShopperPairs s = merge.next(); s != null; s = merge.next()) {
        if (OutlierFence.isOutlier(s.events(), fence)) {
          outlierUsers++;
          outlierEvents += s.events();
          continue;
        }
        if (users == pairsOf.length) {
          pairsOf = Arrays.copyOf(pairsOf, users * 2);
          eventsOf = Arrays.copyOf(eventsOf, users * 2);
        }
        eventsOf[users] = (int) Math.min(Integer.MAX_VALUE, s.events());
        pairsOf[users++] = s.size();
        kept += s.events();
        for (int p = 0; p < s.size(); p++) {
          used[s.item(p)] = true;
          popularity[s.item(p)] += s.popularity(p);
        }
      }
    }
    if (!Double.isInfinite(fence)) {
      report.dropped("outlier_user", outlierEvents);
      report.outliers(outlierUsers, fence);
    }
    report.kept(kept);

    List<String> usedIds = new ArrayList<>();
    for (int i = 0; i < used.length; i++) {
      if (used[i]) {
        usedIds.add(snapshotItems.get(i));
      }
    }
    usedIds.sort(null);
    IdIndex items = new IdIndex(usedIds);
    int[] itemRowOf = new int[used.length];
    float[] itemPopularity = new float[items.size()];
    for (int i = 0; i < used.length; i++) {
      itemRowOf[i] = used[i] ? items.rowOf(snapshotItems.get(i)) : -1;
      if (used[i]) {
        itemPopularity[itemRowOf[i]] = popularity[i];
      }
    }
    int[] rowStart = new int[users + 1];
    for (int u = 0; u < users; u++) {
      rowStart[u + 1] = Math.addExact(rowStart[u], pairsOf[u]);
    }
    return new TrainingSet(
        snapshot,
        fence,
        users,
        items,
        itemRowOf,
        itemPopularity,
        rowStart,
        kept,
        Arrays.copyOf(eventsOf, users));
  }

  private static List<String> readItems(LocalSnapshot snapshot) {
    try {
      return Files.readAllLines(snapshot.items());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + snapshot.items(), e);
    }
  }

  public LocalSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The outlier fence in events per shopper ({@link OutlierFence#isOutlier}); infinite when the
   * rule is off.
   */
  public double fence() {
    return fence;
  }

  /** Snapshot item row → training item row, −1 for items no kept shopper used (a copy). */
  public int[] itemRowOfSnapshotItem() {
    return itemRowOf.clone();
  }

  /** Kept shoppers: the matrices' rows. */
  public int users() {
    return users;
  }

  public IdIndex items() {
    return items;
  }

  /** Each item row's events decayed with the popular half-life, summed over kept shoppers. */
  public float[] itemPopularity() {
    return itemPopularity;
  }

  /** Kept events of the shopper in {@code row}. */
  public int shopperEvents(int row) {
    return shopperEvents[row];
  }

  /** Called per kept shopper, in row (id) order, with their id. */
  public interface ShopperIds {
    void shopper(int row, String id);
  }

  /** One pass over the kept shoppers' ids, in row order (ascending id). */
  public void forEachShopperId(ShopperIds visit) {
    int row = 0;
    try (ShopperMerge merge = new ShopperMerge(snapshot)) {
      for (ShopperPairs s = merge.next(); s != null; s = merge.next()) {
        if (s.events() <= fence) {
          visit.shopper(row++, s.shopperId());
        }
      }
    }
  }

  /** Events of kept shoppers. */
  public long events() {
    return events;
  }

  public int pairs() {
    return rowStart[users];
  }

  /** Every pair of the kept shoppers. */
  public InteractionMatrix matrix() {
    int[] cols = new int[pairs()];
    float[] values = new float[pairs()];
    forEachShopper(
        (row, pairs) -> {
          int at = rowStart[row];
          for (int p = 0; p < pairs.n; p++) {
            cols[at + p] = pairs.item[p];
            values[at + p] = pairs.weight[p];
          }
        });
    return new InteractionMatrix(users, items.size(), rowStart.clone(), cols, values);
  }

  /**
   * One matrix per selection of hold-out roles, e.g. {@code {TRAIN}, {VALIDATION}}: a pair goes
   * into every matrix whose selection holds its role.
   */
  public InteractionMatrix[] matrices(TemporalSplit split, byte[]... selections) {
    int[][] starts = new int[selections.length][users + 1];
    forEachShopper(
        split,
        (row, pairs) -> {
          for (int m = 0; m < selections.length; m++) {
            starts[m][row + 1] = starts[m][row] + pairs.count(selections[m]);
          }
        });
    int[][] cols = new int[selections.length][];
    float[][] values = new float[selections.length][];
    for (int m = 0; m < selections.length; m++) {
      cols[m] = new int[starts[m][users]];
      values[m] = new float[starts[m][users]];
    }
    forEachShopper(
        split,
        (row, pairs) -> {
          for (int m = 0; m < selections.length; m++) {
            int at = starts[m][row];
            for (int p = 0; p < pairs.n; p++) {
              if (contains(selections[m], pairs.role[p])) {
                cols[m][at] = pairs.item[p];
                values[m][at] = pairs.weight[p];
                at++;
              }
            }
          }
        });
    InteractionMatrix[] out = new InteractionMatrix[selections.length];
    for (int m = 0; m < selections.length; m++) {
      out[m] = new InteractionMatrix(users, items.size(), starts[m], cols[m], values[m]);
    }
    return out;
  }

  /** Pairs per role ({@link TemporalSplit#TRAIN}, VALIDATION, TEST) under {@code split}. */
  public long[] roleCounts(TemporalSplit split) {
    long[] counts = new long[3];
    forEachShopper(
        split,
        (row, pairs) -> {
          for (int p = 0; p < pairs.n; p++) {
            counts[pairs.role[p]]++;
          }
        });
    return counts;
  }

  /** What the model builder takes from the pairs: shopper ids in row order and what each bought. */
  public PairTable pairTable() {
    String[] ids = new String[users];
    int[] start = new int[users + 1];
    int[][] bought = {new int[1024]};
    int[] n = {0};
    int[] row = {0};
    try (ShopperMerge merge = new ShopperMerge(snapshot)) {
      Shopper pairs = new Shopper();
      for (ShopperPairs s = merge.next(); s != null; s = merge.next()) {
        if (OutlierFence.isOutlier(s.events(), fence)) {
          continue;
        }
        int u = row[0]++;
        ids[u] = s.shopperId();
        pairs.load(s, itemRowOf);
        start[u] = n[0];
        for (int p = 0; p < pairs.n; p++) {
          if (pairs.bought[p]) {
            if (n[0] == bought[0].length) {
              bought[0] = Arrays.copyOf(bought[0], n[0] * 2);
            }
            bought[0][n[0]++] = pairs.item[p];
          }
        }
      }
    }
    start[users] = n[0];
    return new PairTable(
        new IdIndex(ids),
        items,
        itemPopularity,
        new PurchasedItems(start, Arrays.copyOf(bought[0], n[0])),
        events,
        pairs());
  }

  /** Called per kept shopper with their row and pairs (item rows ascending). */
  private interface Visit {
    void shopper(int row, Shopper pairs);
  }

  private void forEachShopper(Visit visit) {
    forEachShopper(null, visit);
  }

  private void forEachShopper(TemporalSplit split, Visit visit) {
    int row = 0;
    try (ShopperMerge merge = new ShopperMerge(snapshot)) {
      Shopper pairs = new Shopper();
      for (ShopperPairs s = merge.next(); s != null; s = merge.next()) {
        if (OutlierFence.isOutlier(s.events(), fence)) {
          continue;
        }
        pairs.load(s, itemRowOf);
        if (split != null) {
          split.roles(row, pairs.item, pairs.first, pairs.n, pairs.role, pairs.order);
        }
        visit.shopper(row++, pairs);
      }
    }
  }

  private static boolean contains(byte[] set, byte value) {
    for (byte b : set) {
      if (b == value) {
        return true;
      }
    }
    return false;
  }

  /**
   * One shopper's pairs in training terms: item rows ascending, with weight, first time, bought,
   * role.
   */
  private static final class Shopper {
    int n;
    int[] item = new int[64];
    float[] weight = new float[64];
    long[] first = new long[64];
    boolean[] bought = new boolean[64];
    byte[] role = new byte[64];
    int[] order = new int[64];
    long[] packed = new long[64];

    void load(ShopperPairs s, int[] itemRowOf) {
      n = s.size();
      if (item.length < n) {
        int size = Math.max(n, item.length * 2);
        item = new int[size];
        weight = new float[size];
        first = new long[size];
        bought = new boolean[size];
        role = new byte[size];
        order = new int[size];
        packed = new long[size];
      }
      // item row in the high bits, the pair's position in the low: sorting gives item-row order
      for (int p = 0; p < n; p++) {
        packed[p] = (long) itemRowOf[s.item(p)] << 32 | p;
      }
      Arrays.sort(packed, 0, n);
      for (int r = 0; r < n; r++) {
        int p = (int) packed[r];
        item[r] = (int) (packed[r] >>> 32);
        weight[r] = s.weight(p);
        first[r] = s.first(p);
        bought[r] = s.bought(p);
      }
    }

    int count(byte[] roles) {
      int c = 0;
      for (int p = 0; p < n; p++) {
        if (contains(roles, role[p])) {
          c++;
        }
      }
      return c;
    }
  }
}
