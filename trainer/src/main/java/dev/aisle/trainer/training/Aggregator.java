package dev.aisle.trainer.training;

import dev.aisle.event.EventType;
import dev.aisle.model.IdIndex;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns cleaned interactions into a {@link PairTable}: each event's weight (type weight, quantity
 * or rating scaling, optional half-life decay to {@code now}: the rule the stream fold-in applies
 * too) summed per (user, item). Ids get rows in sorted order, so the same data always gives the
 * same rows.
 */
public final class Aggregator {

  private Aggregator() {}

  /**
   * @param rows cleaned interactions
   * @param now the time weights decay to (the data's cut-off)
   * @param popularityHalfLife half-life of the decayed counts behind the popular lists
   */
  public static PairTable aggregate(List<Interaction> rows, EventWeights weights, long now, Duration popularityHalfLife) {
    IdIndex users = index(rows, true);
    IdIndex items = index(rows, false);
    int nUsers = users.size();
    int[] userOf = new int[rows.size()];
    int[] itemOf = new int[rows.size()];
    int[] perUser = new int[nUsers + 1];
    for (int n = 0; n < rows.size(); n++) {
      userOf[n] = users.rowOf(rows.get(n).userId());
      itemOf[n] = items.rowOf(rows.get(n).itemId());
      perUser[userOf[n] + 1]++;
    }
    // events grouped by user, in input order within a user
    for (int u = 0; u < nUsers; u++) {
      perUser[u + 1] += perUser[u];
    }
    int[] order = new int[rows.size()];
    int[] next = Arrays.copyOf(perUser, nUsers);
    for (int n = 0; n < rows.size(); n++) {
      order[next[userOf[n]]++] = n;
    }

    Instant nowInstant = Instant.ofEpochMilli(now);
    EventWeights popularity = new EventWeights(uniformWeights(), popularityHalfLife);
    float[] itemPopularity = new float[items.size()];
    int[] slotOfItem = new int[items.size()];
    Arrays.fill(slotOfItem, -1);
    int cap = Math.max(16, rows.size());
    int[] pItem = new int[cap];
    float[] pWeight = new float[cap];
    long[] pFirst = new long[cap];
    long[] pLast = new long[cap];
    int[] pEvents = new int[cap];
    boolean[] pBought = new boolean[cap];
    int[] userStart = new int[nUsers + 1];
    int pairs = 0;
    for (int u = 0; u < nUsers; u++) {
      userStart[u] = pairs;
      int from = pairs;
      for (int e = perUser[u]; e < perUser[u + 1]; e++) {
        Interaction row = rows.get(order[e]);
        int i = itemOf[order[e]];
        Instant at = Instant.ofEpochMilli(row.timestamp());
        itemPopularity[i] += popularity.decay(at, nowInstant);
        int slot = slotOfItem[i];
        if (slot < 0) {
          slot = pairs++;
          slotOfItem[i] = slot;
          pItem[slot] = i;
          pFirst[slot] = row.timestamp();
          pLast[slot] = row.timestamp();
        }
        pWeight[slot] += weights.weight(row.type(), row.boxedValue(), at, nowInstant);
        pFirst[slot] = Math.min(pFirst[slot], row.timestamp());
        pLast[slot] = Math.max(pLast[slot], row.timestamp());
        pEvents[slot]++;
        pBought[slot] |= row.type() == EventType.PURCHASE;
      }
      sortByItem(from, pairs, pItem, pWeight, pFirst, pLast, pEvents, pBought);
      for (int p = from; p < pairs; p++) {
        slotOfItem[pItem[p]] = -1;
      }
    }
    userStart[nUsers] = pairs;
    return new PairTable(users, items, userStart, Arrays.copyOf(pItem, pairs), Arrays.copyOf(pWeight, pairs),
        Arrays.copyOf(pFirst, pairs), Arrays.copyOf(pLast, pairs), Arrays.copyOf(pEvents, pairs),
        Arrays.copyOf(pBought, pairs), itemPopularity, rows.size());
  }

  private static IdIndex index(List<Interaction> rows, boolean users) {
    TreeSet<String> ids = new TreeSet<>();
    for (Interaction r : rows) {
      ids.add(users ? r.userId() : r.itemId());
    }
    return new IdIndex(ids.toArray(String[]::new));
  }

  private static java.util.Map<EventType, Float> uniformWeights() {
    java.util.EnumMap<EventType, Float> m = new java.util.EnumMap<>(EventType.class);
    for (EventType t : EventType.values()) {
      m.put(t, 1f);
    }
    return m;
  }

  /** Sorts one user's pairs by item row (few per user: insertion sort over parallel arrays). */
  private static void sortByItem(int from, int to, int[] item, float[] weight, long[] first, long[] last, int[] events,
      boolean[] bought) {
    for (int a = from + 1; a < to; a++) {
      int it = item[a];
      float w = weight[a];
      long f = first[a];
      long l = last[a];
      int ev = events[a];
      boolean b = bought[a];
      int j = a - 1;
      while (j >= from && item[j] > it) {
        item[j + 1] = item[j];
        weight[j + 1] = weight[j];
        first[j + 1] = first[j];
        last[j + 1] = last[j];
        events[j + 1] = events[j];
        bought[j + 1] = bought[j];
        j--;
      }
      item[j + 1] = it;
      weight[j + 1] = w;
      first[j + 1] = f;
      last[j + 1] = l;
      events[j + 1] = ev;
      bought[j + 1] = b;
    }
  }
}
