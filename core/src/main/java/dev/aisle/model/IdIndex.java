package dev.aisle.model;

import java.util.Arrays;
import java.util.List;

/**
 * Maps string ids to dense row numbers 0..n-1 and back. Compact: the ids in row order plus one
 * open-addressing int table (about 8 bytes per id besides the strings), no boxed integers.
 */
public final class IdIndex {

  private static final int EMPTY = -1;

  private final String[] ids;
  private final int[] slots;
  private final int mask;

  public IdIndex(List<String> ids) {
    this(ids.toArray(String[]::new));
  }

  public IdIndex(String[] ids) {
    this.ids = ids;
    int capacity = Integer.highestOneBit(Math.max(4, ids.length * 2 - 1)) << 1;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    Arrays.fill(slots, EMPTY);
    for (int row = 0; row < ids.length; row++) {
      if (ids[row] == null) {
        throw new IllegalArgumentException("null id at row " + row);
      }
      int slot = slotOf(ids[row]);
      if (slots[slot] != EMPTY) {
        throw new IllegalArgumentException("duplicate id at row " + row + ": " + ids[row]);
      }
      slots[slot] = row;
    }
  }

  public int size() {
    return ids.length;
  }

  /** The row of {@code id}, or -1 when it is unknown. */
  public int rowOf(String id) {
    if (id == null) {
      return -1;
    }
    return slots[slotOf(id)];
  }

  public boolean contains(String id) {
    return rowOf(id) >= 0;
  }

  public String idAt(int row) {
    return ids[row];
  }

  /** The ids in row order (a copy). */
  public String[] ids() {
    return ids.clone();
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
