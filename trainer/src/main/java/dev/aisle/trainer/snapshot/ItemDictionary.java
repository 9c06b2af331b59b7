package dev.aisle.trainer.snapshot;

import java.util.Arrays;
import java.util.List;

/**
 * Item ids to snapshot item rows, growing as new items are read: rows are handed out in first-seen
 * order after the rows of the snapshot the run folds into (which keep their numbers). Open
 * addressing over the id array, about 12 bytes per item besides the strings.
 */
final class ItemDictionary {

  private static final int EMPTY = -1;

  private String[] ids;
  private int size;
  private int[] slots;
  private int mask;

  ItemDictionary() {
    this(List.of());
  }

  /** Starts from the items of an existing snapshot, in their row order. */
  ItemDictionary(List<String> existing) {
    ids = new String[Math.max(16, existing.size())];
    rehash(Integer.highestOneBit(Math.max(16, existing.size() * 2)) << 1);
    for (String id : existing) {
      add(id);
    }
  }

  /** The row of {@code id}, added at the end when new. */
  int rowOf(String id) {
    int slot = slotOf(id);
    if (slots[slot] != EMPTY) {
      return slots[slot];
    }
    return add(id);
  }

  int size() {
    return size;
  }

  String idAt(int row) {
    return ids[row];
  }

  private int add(String id) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size] = id;
    int slot = slotOf(id);
    if (slots[slot] != EMPTY) {
      throw new IllegalArgumentException("duplicate item id " + id);
    }
    slots[slot] = size;
    size++;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return size - 1;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    mask = capacity - 1;
    Arrays.fill(slots, EMPTY);
    for (int row = 0; row < size; row++) {
      slots[slotOf(ids[row])] = row;
    }
  }

  private int slotOf(String id) {
    int h = id.hashCode() * 0x9E3779B9;
    int slot = (h ^ (h >>> 16)) & mask;
    while (slots[slot] != EMPTY && !ids[slots[slot]].equals(id)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
