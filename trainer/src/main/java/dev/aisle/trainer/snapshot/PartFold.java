package dev.aisle.trainer.snapshot;

import dev.aisle.event.EventType;
import dev.aisle.snapshot.Checksums;
import dev.aisle.snapshot.Decay;
import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.PartWriter;
import dev.aisle.snapshot.ShopperPairs;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.hygiene.RowRules;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds one part's new events into that part of the previous snapshot, writing the new part:
 *
 * <ol>
 *   <li>the part's spilled rows are loaded into primitive columns (only this part is in memory);
 *   <li>hygiene per shopper: rows later than the cut plus the allowed skew are dropped ("future"),
 *       then exact duplicates (same shopper, item, type, time and value; "duplicate");
 *   <li>each (shopper, item)'s events are summed: weight decayed to the cut, decayed count, first
 *       and last time, events, bought. Events of a pair are added in time order (then type, value),
 *       as the in-memory path always did, so a full build gives the same floats;
 *   <li>merged, in shopper-id order, with the previous part, whose weights and counts are first
 *       moved to the new cut (× 2^(−Δt/half-life): exact, see {@link Decay}), and whose pairs with
 *       a last event older than the retention are dropped (all their events have expired).
 * </ol>
 */
final class PartFold {

  /** What one fold wrote and dropped. */
  record Result(
      Checksums.Written written,
      long shoppers,
      long pairs,
      long events,
      long folded,
      Map<Integer, Long> eventsPerShopper,
      HygieneReport report) {}

  private final long cut;
  private final long expiredBefore;
  private final Aggregation aggregation;
  private final HygieneRules rules;

  // the part's new events, one column each
  private int n;
  private int[] user;
  private int[] item;
  private byte[] type;
  private long[] ts;
  private double[] value;
  private String[] userIds;

  /**
   * @param expiredBefore previous pairs whose last event is older are dropped ({@link
   *     Long#MIN_VALUE}: events are kept)
   */
  PartFold(long cutMs, long expiredBefore, Aggregation aggregation, HygieneRules rules) {
    this.cut = cutMs;
    this.expiredBefore = expiredBefore;
    this.aggregation = aggregation;
    this.rules = rules;
  }

  /**
   * @param previous the same part of the snapshot folded into (null for a full build), closed here
   * @param previousCut the cut that part's weights are decayed to
   */
  Result fold(Path spill, long rows, PartReader previous, long previousCut, Path out)
      throws IOException {
    try {
      return foldInto(spill, rows, previous, previousCut, out);
    } finally {
      release();
      if (previous != null) {
        previous.close();
      }
    }
  }

  private Result foldInto(Path spill, long rows, PartReader previous, long previousCut, Path out)
      throws IOException {
    HygieneReport report = new HygieneReport();
    load(spill, rows);
    dropFuture(report);
    int[] order = orderByShopperItemTime();
    float scaleWeight = Decay.factor(previousCut, cut, aggregation.weights().halfLife());
    float scalePopularity = Decay.factor(previousCut, cut, aggregation.popularityHalfLife());
    Map<Integer, Long> histogram = new TreeMap<>();
    long[] folded = {0};
    long[] expired = {0};
    PartWriter[] writer = new PartWriter[1];
    Checksums.Written written =
        Checksums.write(
            out,
            stream -> {
              try (PartWriter w = new PartWriter(stream, cut)) {
                writer[0] = w;
                ShopperPairs old = new ShopperPairs();
                ShopperPairs fresh = new ShopperPairs();
                ShopperPairs merged = new ShopperPairs();
                boolean hasOld = previous != null && previous.next(old);
                int at = 0;
                while (at < n || hasOld) {
                  String next = at < n ? userIds[user[order[at]]] : null;
                  int c = !hasOld ? 1 : next == null ? -1 : old.shopperId().compareTo(next);
                  if (c < 0) {
                    expired[0] += moveToCut(old, scaleWeight, scalePopularity);
                    write(w, old, histogram);
                    hasOld = previous.next(old);
                    continue;
                  }
                  int end = at;
                  while (end < n && user[order[end]] == user[order[at]]) {
                    end++;
                  }
                  folded[0] += aggregate(order, at, end, fresh, report);
                  at = end;
                  if (c == 0) {
                    expired[0] += moveToCut(old, scaleWeight, scalePopularity);
                    write(w, merge(old, fresh, merged), histogram);
                    hasOld = previous.next(old);
                  } else {
                    write(w, fresh, histogram);
                  }
                }
              }
            });
    report.dropped("expired_by_retention", expired[0]);
    return new Result(
        written,
        writer[0].shoppers(),
        writer[0].pairs(),
        writer[0].events(),
        folded[0],
        histogram,
        report);
  }

  /**
   * Moves a previous shopper's pairs to the new cut: drops those the retention has expired, decays
   * the rest.
   *
   * @return the events of the dropped pairs
   */
  private int moveToCut(ShopperPairs old, float scaleWeight, float scalePopularity) {
    int expired = expiredBefore == Long.MIN_VALUE ? 0 : old.dropLastBefore(expiredBefore);
    old.scale(scaleWeight, scalePopularity);
    return expired;
  }

  private static void write(PartWriter w, ShopperPairs shopper, Map<Integer, Long> histogram)
      throws IOException {
    if (shopper.size() > 0) {
      w.write(shopper);
      histogram.merge(shopper.events(), 1L, Long::sum);
    }
  }

  /** Reads the spilled rows into the columns; shopper ids get local numbers. */
  private void load(Path spill, long rows) throws IOException {
    int capacity = Math.toIntExact(rows);
    user = new int[capacity];
    item = new int[capacity];
    type = new byte[capacity];
    ts = new long[capacity];
    value = new double[capacity];
    Map<String, Integer> local = new HashMap<>();
    byte[] id = new byte[64];
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
      for (n = 0; n < capacity; n++) {
        int length = varint(in);
        if (id.length < length) {
          id = new byte[length];
        }
        in.readFully(id, 0, length);
        String userId = new String(id, 0, length, StandardCharsets.UTF_8);
        Integer u = local.putIfAbsent(userId, local.size());
        user[n] = u == null ? local.size() - 1 : u;
        item[n] = varint(in);
        int flags = in.readUnsignedByte();
        type[n] = (byte) (flags & ~EventSpill.HAS_VALUE);
        ts[n] = Long.reverseBytes(in.readLong());
        value[n] =
            (flags & EventSpill.HAS_VALUE) != 0
                ? Double.longBitsToDouble(Long.reverseBytes(in.readLong()))
                : Double.NaN;
      }
    }
    userIds = new String[local.size()];
    local.forEach((userId, u) -> userIds[u] = userId);
  }

  private void dropFuture(HygieneReport report) {
    int kept = 0;
    for (int e = 0; e < n; e++) {
      if (RowRules.isFuture(ts[e], cut, rules)) {
        continue;
      }
      user[kept] = user[e];
      item[kept] = item[e];
      type[kept] = type[e];
      ts[kept] = ts[e];
      value[kept] = value[e];
      kept++;
    }
    report.dropped("future", n - kept);
    n = kept;
  }

  /** Event indices grouped by shopper (in id order), then by item, time, type and value. */
  private int[] orderByShopperItemTime() {
    Integer[] byId = new Integer[userIds.length];
    for (int u = 0; u < byId.length; u++) {
      byId[u] = u;
    }
    Arrays.sort(byId, (a, b) -> userIds[a].compareTo(userIds[b]));
    int[] rank = new int[userIds.length];
    for (int r = 0; r < byId.length; r++) {
      rank[byId[r]] = r;
    }
    int[] start = new int[userIds.length + 1];
    for (int e = 0; e < n; e++) {
      start[rank[user[e]] + 1]++;
    }
    for (int r = 0; r < userIds.length; r++) {
      start[r + 1] += start[r];
    }
    int[] order = new int[n];
    int[] next = Arrays.copyOf(start, userIds.length);
    for (int e = 0; e < n; e++) {
      order[next[rank[user[e]]]++] = e;
    }
    int[] scratch = null;
    for (int r = 0; r < userIds.length; r++) {
      scratch = IndexSort.sort(order, start[r], start[r + 1], this::compareEvents, scratch);
    }
    return order;
  }

  private int compareEvents(int a, int b) {
    int c = Integer.compare(item[a], item[b]);
    if (c == 0) {
      c = Long.compare(ts[a], ts[b]);
    }
    if (c == 0) {
      c = Byte.compare(type[a], type[b]);
    }
    return c != 0 ? c : Double.compare(value[a], value[b]);
  }

  /**
   * Sums one shopper's events {@code order[from, to)} into {@code into}, skipping duplicates.
   *
   * @return events kept
   */
  private int aggregate(int[] order, int from, int to, ShopperPairs into, HygieneReport report) {
    into.reset(userIds[user[order[from]]], 0);
    EventType[] types = EventType.values();
    int kept = 0;
    long duplicates = 0;
    int p = from;
    while (p < to) {
      int it = item[order[p]];
      float weight = 0f;
      float popularity = 0f;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      int events = 0;
      boolean bought = false;
      int previous = -1;
      for (; p < to && item[order[p]] == it; p++) {
        int e = order[p];
        if (previous >= 0
            && ts[e] == ts[previous]
            && type[e] == type[previous]
            && Double.compare(value[e], value[previous]) == 0) {
          duplicates++;
          continue;
        }
        previous = e;
        EventType t = types[type[e]];
        weight +=
            aggregation.weights().weight(t, Double.isNaN(value[e]) ? null : value[e])
                * Decay.factor(ts[e], cut, aggregation.weights().halfLife());
        popularity += Decay.factor(ts[e], cut, aggregation.popularityHalfLife());
        first = Math.min(first, ts[e]);
        last = Math.max(last, ts[e]);
        events++;
        bought |= t == EventType.PURCHASE;
      }
      into.add(it, weight, popularity, first, last, events, bought);
      kept += events;
    }
    into.setEvents(kept);
    report.dropped("duplicate", duplicates);
    return kept;
  }

  /**
   * An old shopper (already moved to the new cut) and their new pairs, pair by pair in item order.
   */
  private static ShopperPairs merge(ShopperPairs old, ShopperPairs fresh, ShopperPairs into) {
    into.reset(old.shopperId(), old.events() + fresh.events());
    int a = 0;
    int b = 0;
    while (a < old.size() || b < fresh.size()) {
      int c =
          a == old.size()
              ? 1
              : b == fresh.size() ? -1 : Integer.compare(old.item(a), fresh.item(b));
      if (c < 0) {
        into.add(
            old.item(a),
            old.weight(a),
            old.popularity(a),
            old.first(a),
            old.last(a),
            old.eventCount(a),
            old.bought(a));
        a++;
      } else if (c > 0) {
        into.add(
            fresh.item(b),
            fresh.weight(b),
            fresh.popularity(b),
            fresh.first(b),
            fresh.last(b),
            fresh.eventCount(b),
            fresh.bought(b));
        b++;
      } else {
        into.add(
            old.item(a),
            old.weight(a) + fresh.weight(b),
            old.popularity(a) + fresh.popularity(b),
            Math.min(old.first(a), fresh.first(b)),
            Math.max(old.last(a), fresh.last(b)),
            old.eventCount(a) + fresh.eventCount(b),
            old.bought(a) || fresh.bought(b));
        a++;
        b++;
      }
    }
    return into;
  }

  private void release() {
    user = null;
    item = null;
    type = null;
    ts = null;
    value = null;
    userIds = null;
  }

  private static int varint(InputStream in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("spill file ends in the middle of a row");
      }
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("varint longer than 32 bits in a spill file");
  }
}
