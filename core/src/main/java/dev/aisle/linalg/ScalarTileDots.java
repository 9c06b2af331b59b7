package dev.aisle.linalg;

import java.util.Arrays;

/**
 * {@link TileDots} in plain Java: per row, eight accumulator arrays along the tile's columns; each
 * dimension adds row value × tile slice into its lane's array, four rows per pass (each slice
 * element loaded once for four). The arrays of that loop are indexed alike from 0, the form Java
 * 17's JIT turns into vector instructions; wide tiles (256) because the JIT's vector loop only
 * starts after a scalar run to an aligned address and unrolls four vectors: at 64 columns it ran at
 * half the speed (3.6 against 6.7 G multiply-adds per second on one core).
 */
final class ScalarTileDots extends TileDots {

  private static final int W = 256;

  private final float[][] lanes = new float[8][W];
  private final float[][] lanes1 = new float[8][W];
  private final float[][] lanes2 = new float[8][W];
  private final float[][] lanes3 = new float[8][W];

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int width() {
    return W;
  }

  @Override
  public void dots(
      float[] matrix, int firstRow, int count, ColumnTiles tiles, int tile, float[][] out) {
    int k = tiles.k();
    int r = 0;
    for (; r + 3 < count; r += 4) {
      clear(lanes);
      clear(lanes1);
      clear(lanes2);
      clear(lanes3);
      int o = (firstRow + r) * k;
      for (int d = 0; d < k; d++) {
        int l = lane(d, k);
        addScaled4(
            matrix[o + d],
            matrix[o + k + d],
            matrix[o + 2 * k + d],
            matrix[o + 3 * k + d],
            tiles.slice(tile, d),
            lanes[l],
            lanes1[l],
            lanes2[l],
            lanes3[l]);
      }
      sumLanes(lanes, out[r]);
      sumLanes(lanes1, out[r + 1]);
      sumLanes(lanes2, out[r + 2]);
      sumLanes(lanes3, out[r + 3]);
    }
    for (; r < count; r++) {
      for (float[] lane : lanes) {
        Arrays.fill(lane, 0f);
      }
      int o = (firstRow + r) * k;
      for (int d = 0; d < k; d++) {
        addScaled(matrix[o + d], tiles.slice(tile, d), lanes[lane(d, k)]);
      }
      sumLanes(lanes, out[r]);
    }
  }

  private static void addScaled(float a, float[] x, float[] y) {
    for (int c = 0; c < W; c++) {
      y[c] += a * x[c];
    }
  }

  private static void clear(float[][] lanes) {
    for (float[] lane : lanes) {
      Arrays.fill(lane, 0f);
    }
  }

  private static void addScaled4(
      float a0,
      float a1,
      float a2,
      float a3,
      float[] x,
      float[] y0,
      float[] y1,
      float[] y2,
      float[] y3) {
    for (int c = 0; c < W; c++) {
      float v = x[c];
      y0[c] += a0 * v;
      y1[c] += a1 * v;
      y2[c] += a2 * v;
      y3[c] += a3 * v;
    }
  }

  private static void sumLanes(float[][] lanes, float[] out) {
    float[] s0 = lanes[0];
    float[] s1 = lanes[1];
    float[] s2 = lanes[2];
    float[] s3 = lanes[3];
    float[] s4 = lanes[4];
    float[] s5 = lanes[5];
    float[] s6 = lanes[6];
    float[] s7 = lanes[7];
    for (int c = 0; c < W; c++) {
      out[c] = ((s0[c] + s1[c]) + (s2[c] + s3[c])) + ((s4[c] + s5[c]) + (s6[c] + s7[c]));
    }
  }
}
