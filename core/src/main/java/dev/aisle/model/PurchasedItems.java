package dev.aisle.model;

import java.util.Arrays;

/**
 * What each shopper row has bought: item rows per user row in compressed form, for the trainer's
 * own bookkeeping (evaluation, hold-out). Not published: a model carries no shopper data, and
 * serving takes purchases from user-state and the events table. Layout: user u's items are {@code
 * items[rowStart[u] .. rowStart[u+1])}, ascending.
 */
public record PurchasedItems(int[] rowStart, int[] items) {

  public PurchasedItems {
    if (rowStart.length == 0
        ? items.length != 0
        : rowStart[0] != 0 || rowStart[rowStart.length - 1] != items.length) {
      throw new IllegalArgumentException("purchased-items offsets do not match their items");
    }
  }

  public static PurchasedItems none() {
    return new PurchasedItems(new int[0], new int[0]);
  }

  public boolean isEmpty() {
    return rowStart.length == 0;
  }

  /** Users covered (0 when empty). */
  public int users() {
    return Math.max(0, rowStart.length - 1);
  }

  public boolean contains(int userRow, int itemRow) {
    if (userRow < 0 || userRow >= users()) {
      return false;
    }
    return Arrays.binarySearch(items, rowStart[userRow], rowStart[userRow + 1], itemRow) >= 0;
  }

  /** The item rows bought by {@code userRow} (a copy; empty for unknown users). */
  public int[] itemsOf(int userRow) {
    if (userRow < 0 || userRow >= users()) {
      return new int[0];
    }
    return Arrays.copyOfRange(items, rowStart[userRow], rowStart[userRow + 1]);
  }
}
