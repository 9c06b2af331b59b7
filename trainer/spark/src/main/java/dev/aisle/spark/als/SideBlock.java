package dev.aisle.spark.als;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One block of one side (users or items) of the blocked ALS layout: the block's rows with their
 * entries, compressed by row, and what the block sends to the other side's blocks. Built once per
 * fit and cached; every sweep reuses it.
 *
 * <p>Row r of this side lives in block {@code r % blocks} (rows are dense indices, so residues
 * spread them evenly). Entries point into the other side's factors as a block receives them: the
 * other side's block ob sends, for this block, the factors of its rows that this block references,
 * in ascending id order ({@link #send} on that side). Concatenated in block order they form one
 * row-major array Y, and {@link #cols} are row indices into it: the layout core's {@code
 * ImplicitSolver} expects, computed once here instead of looked up every sweep.
 *
 * <p>Layout: rows {@code rows[i]} (ascending) has entries {@code cols[rowStart[i] ..
 * rowStart[i+1])} with weights {@code weights[...]}, sorted by the other side's id; repeated pairs
 * are summed. Other-side block ob's rows occupy Y rows {@code otherStart[ob] .. otherStart[ob+1])}.
 */
final class SideBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  final int block;
  final int[] rows;
  final int[] rowStart;
  final int[] cols;
  final float[] weights;
  final int[] otherStart;

  /** Per other-side block: local indices (into {@link #rows}) of the rows that block references. */
  final int[][] send;

  private SideBlock(
      int block,
      int[] rows,
      int[] rowStart,
      int[] cols,
      float[] weights,
      int[] otherStart,
      int[][] send) {
    this.block = block;
    this.rows = rows;
    this.rowStart = rowStart;
    this.cols = cols;
    this.weights = weights;
    this.otherStart = otherStart;
    this.send = send;
  }

  static int blockOf(int row, int blocks) {
    return row % blocks;
  }

  int size() {
    return rows.length;
  }

  int entries() {
    return cols.length;
  }

  /** Rows of Y this block expects from other-side block {@code ob}. */
  int expectedFrom(int ob) {
    return otherStart[ob + 1] - otherStart[ob];
  }

  /**
   * The block from all its entries, in any order and any chunking: the result depends only on the
   * set of (row, column, weight) entries, so a block is the same whatever order the shuffle
   * delivered them in.
   */
  static SideBlock build(int block, Iterable<PairChunk> chunks, int otherBlocks) {
    int n = 0;
    for (PairChunk c : chunks) {
      n += c.size();
    }
    int[] r = new int[n];
    int[] c = new int[n];
    float[] w = new float[n];
    int at = 0;
    for (PairChunk chunk : chunks) {
      System.arraycopy(chunk.rows, 0, r, at, chunk.size());
      System.arraycopy(chunk.cols, 0, c, at, chunk.size());
      System.arraycopy(chunk.weights, 0, w, at, chunk.size());
      at += chunk.size();
    }
    int[] rows = distinctSorted(r);
    int[] rowStart = new int[rows.length + 1];
    int[] local = new int[n];
    for (int e = 0; e < n; e++) {
      local[e] = Arrays.binarySearch(rows, r[e]);
      rowStart[local[e] + 1]++;
    }
    for (int i = 0; i < rows.length; i++) {
      rowStart[i + 1] += rowStart[i];
    }
    // each row's entries as (column, weight bits) in one long: sorting orders by column, and
    // repeated columns by weight, so sums do not depend on arrival order
    long[] packed = new long[n];
    int[] next = Arrays.copyOf(rowStart, rows.length);
    for (int e = 0; e < n; e++) {
      packed[next[local[e]]++] =
          ((long) c[e] << 32) | (Float.floatToRawIntBits(w[e]) & 0xFFFFFFFFL);
    }
    int[] ids = new int[n];
    float[] weights = new float[n];
    int write = 0;
    for (int i = 0; i < rows.length; i++) {
      int from = rowStart[i];
      int to = rowStart[i + 1];
      Arrays.sort(packed, from, to);
      rowStart[i] = write;
      for (int e = from; e < to; e++) {
        int col = (int) (packed[e] >>> 32);
        float weight = Float.intBitsToFloat((int) packed[e]);
        if (write > rowStart[i] && ids[write - 1] == col) {
          weights[write - 1] += weight;
        } else {
          ids[write] = col;
          weights[write] = weight;
          write++;
        }
      }
    }
    rowStart[rows.length] = write;
    return layOut(
        block,
        rows,
        rowStart,
        Arrays.copyOf(ids, write),
        Arrays.copyOf(weights, write),
        otherBlocks);
  }

  /** Turns the other side's ids into Y rows and lists what this block sends to each other block. */
  private static SideBlock layOut(
      int block, int[] rows, int[] rowStart, int[] ids, float[] weights, int otherBlocks) {
    int[] others = distinctSorted(ids);
    int[] otherStart = new int[otherBlocks + 1];
    for (int id : others) {
      otherStart[blockOf(id, otherBlocks) + 1]++;
    }
    for (int ob = 0; ob < otherBlocks; ob++) {
      otherStart[ob + 1] += otherStart[ob];
    }
    // ascending ids within each other block: the order that block sends its factors in
    int[] yRowOf = new int[others.length];
    int[] next = Arrays.copyOf(otherStart, otherBlocks);
    for (int j = 0; j < others.length; j++) {
      yRowOf[j] = next[blockOf(others[j], otherBlocks)]++;
    }
    int[] cols = new int[ids.length];
    for (int e = 0; e < ids.length; e++) {
      cols[e] = yRowOf[Arrays.binarySearch(others, ids[e])];
    }
    return new SideBlock(
        block,
        rows,
        rowStart,
        cols,
        weights,
        otherStart,
        sendLists(rows, rowStart, ids, otherBlocks));
  }

  /** For each other block, this block's local rows with an entry there, ascending. */
  private static int[][] sendLists(int[] rows, int[] rowStart, int[] ids, int otherBlocks) {
    int[][] send = new int[otherBlocks][8];
    int[] counts = new int[otherBlocks];
    int[] seenAt = new int[otherBlocks];
    Arrays.fill(seenAt, -1);
    for (int i = 0; i < rows.length; i++) {
      for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
        int ob = blockOf(ids[e], otherBlocks);
        if (seenAt[ob] != i) {
          seenAt[ob] = i;
          if (counts[ob] == send[ob].length) {
            send[ob] = Arrays.copyOf(send[ob], 2 * counts[ob]);
          }
          send[ob][counts[ob]++] = i;
        }
      }
    }
    for (int ob = 0; ob < otherBlocks; ob++) {
      send[ob] = Arrays.copyOf(send[ob], counts[ob]);
    }
    return send;
  }

  private static int[] distinctSorted(int[] values) {
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    int write = 0;
    for (int v : sorted) {
      if (write == 0 || sorted[write - 1] != v) {
        sorted[write++] = v;
      }
    }
    return Arrays.copyOf(sorted, write);
  }
}
