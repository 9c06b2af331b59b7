package dev.aisle.trainer.model;

import dev.aisle.linalg.ColumnTiles;
import dev.aisle.linalg.TileDots;
import dev.aisle.parallel.Chunks;

/**
 * Every item's best neighbours by cosine, comparing all pairs: the unit factors in tiles of {@link
 * TileDots#width()} items, each pair of tiles (i-tile ≤ j-tile) multiplied once by {@link
 * TileDots}, and each score offered to both items' heaps, as cos(i, j) = cos(j, i) bit for bit.
 * That halves the multiply-adds of a row-by-row scan. A score below an item's current floor is
 * dropped with one comparison, which is the fate of almost all of them.
 *
 * <p>Threads take row tiles in order (the first have the most pairs) and run them against every
 * later tile; an item's heap is guarded by its tile's lock, held only while a tile's scores are
 * offered, never two at a time. Memory: the transposed copy of the factors, the heaps (the size of
 * the lists) and per thread a tile of scores.
 */
final class ExactSimilarItems {

  private ExactSimilarItems() {}

  /**
   * @param unit row-major unit factors (zero rows stay zero and get no neighbours)
   */
  static void build(
      float[] unit, int items, int k, int width, int threads, int[] neighbours, float[] scores) {
    int w = TileDots.create().width();
    ColumnTiles tiles = ColumnTiles.of(unit, items, k, w);
    int tileCount = tiles.count();
    Object[] locks = new Object[tileCount];
    for (int t = 0; t < tileCount; t++) {
      locks[t] = new Object();
    }
    NeighbourHeaps heaps = new NeighbourHeaps(items, width);
    Chunks.run(
        "similar-items",
        threads,
        tileCount,
        () -> {
          TileDots dots = TileDots.create();
          float[][] block = new float[w][w];
          float[] floors = new float[w];
          return rowTile -> {
            int rowCount = tiles.width(rowTile);
            for (int columnTile = rowTile; columnTile < tileCount; columnTile++) {
              dots.dots(unit, rowTile * w, rowCount, tiles, columnTile, block);
              synchronized (locks[rowTile]) {
                offerRows(block, w, rowTile, rowCount, columnTile, tiles.width(columnTile), heaps);
              }
              if (columnTile != rowTile) {
                synchronized (locks[columnTile]) {
                  offerColumns(
                      block,
                      w,
                      rowTile,
                      rowCount,
                      columnTile,
                      tiles.width(columnTile),
                      heaps,
                      floors);
                }
              }
            }
          };
        });
    heaps.drainInto(neighbours, scores);
  }

  /** block[r][c] to row item r's heap (a tile against itself holds both orders of each pair). */
  private static void offerRows(
      float[][] block,
      int w,
      int rowTile,
      int rows,
      int columnTile,
      int columns,
      NeighbourHeaps heaps) {
    for (int r = 0; r < rows; r++) {
      int item = rowTile * w + r;
      float[] scores = block[r];
      float floor = heaps.floor(item);
      for (int c = 0; c < columns; c++) {
        float s = scores[c];
        if (s >= floor && s > 0f) {
          int neighbour = columnTile * w + c;
          if (neighbour != item) {
            heaps.offer(item, s, neighbour);
            floor = heaps.floor(item);
          }
        }
      }
    }
  }

  /**
   * block[r][c] to column item c's heap, read along the rows as the block is laid out (the column
   * items' floors gathered into {@code floors} first).
   */
  private static void offerColumns(
      float[][] block,
      int w,
      int rowTile,
      int rows,
      int columnTile,
      int columns,
      NeighbourHeaps heaps,
      float[] floors) {
    int first = columnTile * w;
    for (int c = 0; c < columns; c++) {
      floors[c] = heaps.floor(first + c);
    }
    for (int r = 0; r < rows; r++) {
      float[] scores = block[r];
      for (int c = 0; c < columns; c++) {
        float s = scores[c];
        if (s >= floors[c] && s > 0f) {
          heaps.offer(first + c, s, rowTile * w + r);
          floors[c] = heaps.floor(first + c);
        }
      }
    }
  }
}
