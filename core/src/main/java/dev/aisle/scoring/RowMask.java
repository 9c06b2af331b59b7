package dev.aisle.scoring;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A set of rows (items) as a bitset: the exclusions of one query (bought, unavailable, asked to
 * leave out). One bit per row, 125 KB for a million items. A query's few rows of its own go on top
 * of a shared mask through {@link #plus}, which shares the bits instead of copying them: a copy per
 * request was the largest allocation of serving at a million items.
 */
public final class RowMask {

  /** Above this many rows of its own, {@link #plus} copies the bits instead of searching a list. */
  static final int MAX_OVERLAY_ROWS = 256;

  private static final int[] NO_ROWS = {};

  private final long[] words;
  private final int size;

  /**
   * Rows set on top of {@code words} (shared with another mask), sorted; empty for a plain mask.
   */
  private final int[] overlay;

  public RowMask(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    this.size = size;
    this.words = new long[(size + 63) >>> 6];
    this.overlay = NO_ROWS;
  }

  private RowMask(long[] words, int size, int[] overlay) {
    this.words = words;
    this.size = size;
    this.overlay = overlay;
  }

  /** A mask over {@code size} rows with {@code rows} set. */
  public static RowMask of(int size, int... rows) {
    RowMask mask = new RowMask(size);
    for (int row : rows) {
      mask.set(row);
    }
    return mask;
  }

  /** The number of rows this mask covers. */
  public int size() {
    return size;
  }

  /**
   * Sets {@code row}; rows outside 0..size-1 (e.g. -1 for an unknown id) are ignored.
   *
   * @throws IllegalStateException on a mask made by {@link #plus} (its bits are shared)
   */
  public void set(int row) {
    if (overlay.length > 0) {
      throw new IllegalStateException("a mask made by plus() shares its bits: copy() it first");
    }
    if (row >= 0 && row < size) {
      words[row >>> 6] |= 1L << row;
    }
  }

  public boolean get(int row) {
    return (words[row >>> 6] & 1L << row) != 0
        || overlay.length > 0 && Arrays.binarySearch(overlay, row) >= 0;
  }

  /**
   * This mask with {@code rows} set too, leaving this mask as it is. Up to {@link
   * #MAX_OVERLAY_ROWS} rows the result shares this mask's bits and keeps the rows in a sorted list
   * (so this mask must not change while the result is in use, and the result cannot be {@link
   * #set}); beyond that it is a copy. Rows outside 0..size-1 are ignored.
   */
  public RowMask plus(int... rows) {
    int[] inRange =
        Arrays.stream(rows).filter(r -> r >= 0 && r < size).sorted().distinct().toArray();
    if (inRange.length == 0) {
      return this;
    }
    if (inRange.length + overlay.length > MAX_OVERLAY_ROWS) {
      RowMask copy = copy();
      for (int row : inRange) {
        copy.set(row);
      }
      return copy;
    }
    int[] merged =
        IntStream.concat(Arrays.stream(overlay), Arrays.stream(inRange))
            .sorted()
            .distinct()
            .toArray();
    return new RowMask(words, size, merged);
  }

  public int cardinality() {
    int n = 0;
    for (long word : words) {
      n += Long.bitCount(word);
    }
    for (int row : overlay) {
      if ((words[row >>> 6] & 1L << row) == 0) {
        n++;
      }
    }
    return n;
  }

  /** A mask of its own with the same rows set. */
  public RowMask copy() {
    return new RowMask(overlay.length == 0 ? words.clone() : bits(), size, NO_ROWS);
  }

  /** The rows as plain bits: a new array when there is an overlay, else the mask's own. */
  private long[] bits() {
    if (overlay.length == 0) {
      return words;
    }
    long[] all = words.clone();
    for (int row : overlay) {
      all[row >>> 6] |= 1L << row;
    }
    return all;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowMask other && other.size == size && Arrays.equals(other.bits(), bits());
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(bits());
  }
}
