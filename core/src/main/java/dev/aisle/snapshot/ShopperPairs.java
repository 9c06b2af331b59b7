package dev.aisle.snapshot;

import java.util.Arrays;

/**
 * One shopper's aggregated pairs, as a part file stores them: a reusable buffer (readers refill it
 * shopper after shopper, so streaming a part allocates nothing per pair). Pair p is {@code item[p]}
 * (a row of the snapshot's {@code items.txt}), its event weight and decayed event count (both
 * decayed to the snapshot's cut), its first and last event time (epoch ms), how many events it sums
 * and whether one was a purchase. Pairs are kept in ascending item order.
 */
public final class ShopperPairs {

  private String shopperId;
  private int events;
  private int size;
  private int[] item = new int[16];
  private float[] weight = new float[16];
  private float[] popularity = new float[16];
  private long[] first = new long[16];
  private long[] last = new long[16];
  private int[] eventCount = new int[16];
  private boolean[] bought = new boolean[16];

  /**
   * Empties the buffer for {@code id}, whose kept event count (the outlier rule's input) is {@code
   * events}.
   */
  public ShopperPairs reset(String id, int events) {
    this.shopperId = id;
    this.events = events;
    this.size = 0;
    return this;
  }

  public void add(
      int itemRow, float w, float pop, long firstMs, long lastMs, int count, boolean purchase) {
    if (size == item.length) {
      grow();
    }
    item[size] = itemRow;
    weight[size] = w;
    popularity[size] = pop;
    first[size] = firstMs;
    last[size] = lastMs;
    eventCount[size] = count;
    bought[size] = purchase;
    size++;
  }

  public void setEvents(int events) {
    this.events = events;
  }

  public String shopperId() {
    return shopperId;
  }

  /** Kept events of this shopper (the sum of the pairs' event counts). */
  public int events() {
    return events;
  }

  public int size() {
    return size;
  }

  public int item(int p) {
    return item[p];
  }

  public float weight(int p) {
    return weight[p];
  }

  public float popularity(int p) {
    return popularity[p];
  }

  public long first(int p) {
    return first[p];
  }

  public long last(int p) {
    return last[p];
  }

  public int eventCount(int p) {
    return eventCount[p];
  }

  public boolean bought(int p) {
    return bought[p];
  }

  /**
   * Multiplies weights and decayed counts by {@code w} and {@code pop}: moving them to a later cut.
   */
  public void scale(float w, float pop) {
    if (w != 1f || pop != 1f) {
      for (int p = 0; p < size; p++) {
        weight[p] *= w;
        popularity[p] *= pop;
      }
    }
  }

  /**
   * Removes the pairs whose last event is before {@code ms} (every event they sum has expired) and
   * their events from the shopper's count.
   *
   * @return the events the removed pairs summed
   */
  public int dropLastBefore(long ms) {
    int kept = 0;
    int dropped = 0;
    for (int p = 0; p < size; p++) {
      if (last[p] < ms) {
        dropped += eventCount[p];
        continue;
      }
      item[kept] = item[p];
      weight[kept] = weight[p];
      popularity[kept] = popularity[p];
      first[kept] = first[p];
      last[kept] = last[p];
      eventCount[kept] = eventCount[p];
      bought[kept] = bought[p];
      kept++;
    }
    size = kept;
    events -= dropped;
    return dropped;
  }

  private void grow() {
    int n = item.length * 2;
    item = Arrays.copyOf(item, n);
    weight = Arrays.copyOf(weight, n);
    popularity = Arrays.copyOf(popularity, n);
    first = Arrays.copyOf(first, n);
    last = Arrays.copyOf(last, n);
    eventCount = Arrays.copyOf(eventCount, n);
    bought = Arrays.copyOf(bought, n);
  }
}
