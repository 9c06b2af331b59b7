package dev.aisle.spark.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import scala.Tuple2;

/**
 * Up to {@link #CAPACITY} (row, column, weight) entries bound for one block of one side: the unit
 * the pairs travel in when the blocks are built. Shuffling arrays instead of one object per pair
 * keeps the shuffle small and cheap to (de)serialize. Rows are this side's ids (users for the user
 * side), columns the other side's.
 */
final class PairChunk implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int CAPACITY = 4096;

  final int[] rows;
  final int[] cols;
  final float[] weights;

  PairChunk(int[] rows, int[] cols, float[] weights) {
    this.rows = rows;
    this.cols = cols;
    this.weights = weights;
  }

  int size() {
    return rows.length;
  }

  /** Buffers one input partition's entries per destination block and hands out full chunks. */
  static final class Writer {
    private final int blocks;
    private final int[][] rows;
    private final int[][] cols;
    private final float[][] weights;
    private final int[] sizes;
    private final List<Tuple2<Integer, PairChunk>> full = new ArrayList<>();

    Writer(int blocks) {
      this.blocks = blocks;
      // buffers are allocated on a block's first entry: a partition rarely reaches every block
      this.rows = new int[blocks][];
      this.cols = new int[blocks][];
      this.weights = new float[blocks][];
      this.sizes = new int[blocks];
    }

    void add(int row, int col, float weight) {
      int b = SideBlock.blockOf(row, blocks);
      if (rows[b] == null) {
        rows[b] = new int[CAPACITY];
        cols[b] = new int[CAPACITY];
        weights[b] = new float[CAPACITY];
      }
      int n = sizes[b]++;
      rows[b][n] = row;
      cols[b][n] = col;
      weights[b][n] = weight;
      if (sizes[b] == CAPACITY) {
        flush(b);
      }
    }

    /** Chunks filled since the last call (the caller emits them, then they are forgotten). */
    List<Tuple2<Integer, PairChunk>> drain() {
      if (full.isEmpty()) {
        return List.of();
      }
      List<Tuple2<Integer, PairChunk>> out = new ArrayList<>(full);
      full.clear();
      return out;
    }

    /** Every remaining entry, as partial chunks. */
    List<Tuple2<Integer, PairChunk>> finish() {
      for (int b = 0; b < blocks; b++) {
        if (sizes[b] > 0) {
          flush(b);
        }
      }
      return drain();
    }

    private void flush(int b) {
      int n = sizes[b];
      full.add(
          new Tuple2<>(
              b,
              new PairChunk(
                  Arrays.copyOf(rows[b], n),
                  Arrays.copyOf(cols[b], n),
                  Arrays.copyOf(weights[b], n))));
      sizes[b] = 0;
    }
  }
}
