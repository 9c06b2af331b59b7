package dev.aisle.segment;

import dev.aisle.linalg.FloatKernels;
import java.util.Arrays;

/**
 * The centroids of k-means. A centroid has a factor part, the mean of its members' model vectors,
 * and an attribute part kept as shares: per attribute value, the fraction of its members holding it
 * (the mean of their one-hot vectors before the weight).
 *
 * <p>Next to them, refreshed whenever a centroid changes, the terms {@link SegmentDistance} reads,
 * each laid out as one row per factor or value holding that term for every centroid, so that
 * scoring a point against all centroids is a run of axpy over the centroids: the factor parts
 * transposed, their squared norms, and the attribute part of the squared distance per attribute:
 * for a point with value v, w²·(1 − 2·p_v + Σ p²); for a point without a value (the zero vector),
 * w²·Σ p².
 */
final class Centroids {

  private final SegmentPoints points;
  private final int count;
  private final int dims;
  private final int values;
  private final float[] factors;
  private final float[] shares;
  private final int[] sizes;
  private final float[][] factorsByDim;
  private final float[] normSq;
  private final float[][] valueTerms;
  private final float[][] missingTerms;

  /** {@code count} centroids at the origin with no shares; set each before use. */
  Centroids(SegmentPoints points, int count) {
    this.points = points;
    this.count = count;
    this.dims = points.dims();
    this.values = points.values();
    this.factors = new float[count * dims];
    this.shares = new float[count * values];
    this.sizes = new int[count];
    this.factorsByDim = new float[dims][count];
    this.normSq = new float[count];
    this.valueTerms = new float[values][count];
    this.missingTerms = new float[points.attributes()][count];
  }

  /** The first {@code first} of these centroids (seeding found fewer distinct points). */
  Centroids first(int first) {
    Centroids kept = new Centroids(points, first);
    System.arraycopy(factors, 0, kept.factors, 0, first * dims);
    System.arraycopy(shares, 0, kept.shares, 0, first * values);
    for (int c = 0; c < first; c++) {
      kept.refresh(c);
    }
    return kept;
  }

  int count() {
    return count;
  }

  /**
   * Makes centroid c the point itself: its factors and, per attribute, a share of 1 for its value.
   */
  void setToPoint(int c, int point) {
    System.arraycopy(points.factors(), point * dims, factors, c * dims, dims);
    Arrays.fill(shares, c * values, (c + 1) * values, 0f);
    for (int a = 0; a < points.attributes(); a++) {
      int value = points.value(a, point);
      if (value >= 0) {
        shares[c * values + value] = 1f;
      }
    }
    refresh(c);
  }

  /**
   * Moves every centroid to the mean of its members (empty clusters stay where they are) and
   * records the sizes; returns how far each centroid moved. Members are summed in double per chunk
   * of points, the chunks in order.
   *
   * @param rows the points taking part, by slot
   * @param assignment the cluster of each slot
   */
  float[] update(int[] rows, int[] assignment, PointChunks chunks) {
    int chunkCount = PointChunks.count(rows.length);
    double[][] sums = new double[chunkCount][];
    int[][] counts = new int[chunkCount][];
    int[][] valueCounts = new int[chunkCount][];
    float[] x = points.factors();
    int attributes = points.attributes();
    chunks.forEach(
        "centroids",
        rows.length,
        () ->
            chunk -> {
              double[] sum = new double[count * dims];
              int[] members = new int[count];
              int[] valueCount = new int[count * values];
              for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
                int i = rows[s];
                int c = assignment[s];
                members[c]++;
                int m = c * dims;
                int o = i * dims;
                for (int j = 0; j < dims; j++) {
                  sum[m + j] += x[o + j];
                }
                for (int a = 0; a < attributes; a++) {
                  int value = points.value(a, i);
                  if (value >= 0) {
                    valueCount[c * values + value]++;
                  }
                }
              }
              sums[chunk] = sum;
              counts[chunk] = members;
              valueCounts[chunk] = valueCount;
            });
    double[] totalSum = new double[count * dims];
    int[] totalMembers = new int[count];
    int[] totalValues = new int[count * values];
    for (int chunk = 0; chunk < chunkCount; chunk++) {
      for (int j = 0; j < totalSum.length; j++) {
        totalSum[j] += sums[chunk][j];
      }
      for (int c = 0; c < count; c++) {
        totalMembers[c] += counts[chunk][c];
      }
      for (int j = 0; j < totalValues.length; j++) {
        totalValues[j] += valueCounts[chunk][j];
      }
    }
    return moveToMeans(totalSum, totalMembers, totalValues);
  }

  private float[] moveToMeans(double[] sum, int[] members, int[] valueCount) {
    float[] moves = new float[count];
    for (int c = 0; c < count; c++) {
      sizes[c] = members[c];
      if (members[c] == 0) {
        continue;
      }
      double move = 0;
      for (int j = c * dims; j < (c + 1) * dims; j++) {
        float next = (float) (sum[j] / members[c]);
        move += (double) (next - factors[j]) * (next - factors[j]);
        factors[j] = next;
      }
      double shareMove = 0;
      for (int j = c * values; j < (c + 1) * values; j++) {
        float next = (float) valueCount[j] / members[c];
        shareMove += (double) (next - shares[j]) * (next - shares[j]);
        shares[j] = next;
      }
      moves[c] = (float) Math.sqrt(move + points.weightSq() * shareMove);
      refresh(c);
    }
    return moves;
  }

  /** Half the distance from each centroid to its nearest other centroid (Hamerly's s). */
  float[] halfGaps() {
    float[] half = new float[count];
    Arrays.fill(half, Float.MAX_VALUE);
    float weightSq = points.weightSq();
    for (int c = 0; c < count; c++) {
      for (int d = c + 1; d < count; d++) {
        double dense = 0;
        for (int j = 0; j < dims; j++) {
          float diff = factors[c * dims + j] - factors[d * dims + j];
          dense += diff * diff;
        }
        double onehot = 0;
        for (int j = 0; j < values; j++) {
          float diff = shares[c * values + j] - shares[d * values + j];
          onehot += diff * diff;
        }
        float distance = (float) (0.5 * Math.sqrt(dense + weightSq * onehot));
        half[c] = Math.min(half[c], distance);
        half[d] = Math.min(half[d], distance);
      }
    }
    return half;
  }

  /** The factor parts, row-major (centroid c at {@code c · dims}); not a copy. */
  float[] factors() {
    return factors;
  }

  /** The shares, row-major (centroid c at {@code c · values}); not a copy. */
  float[] shares() {
    return shares;
  }

  /** Members per centroid at the last {@link #update}; not a copy. */
  int[] sizes() {
    return sizes;
  }

  /** Factor j of every centroid: {@code factorsByDim()[j][c]}. */
  float[][] factorsByDim() {
    return factorsByDim;
  }

  /** ‖factor part‖² per centroid. */
  float[] normSq() {
    return normSq;
  }

  /** Per one-hot position v, the attribute term of a point holding v, per centroid. */
  float[][] valueTerms() {
    return valueTerms;
  }

  /** Per attribute, the attribute term of a point without a value, per centroid. */
  float[][] missingTerms() {
    return missingTerms;
  }

  private void refresh(int c) {
    for (int j = 0; j < dims; j++) {
      factorsByDim[j][c] = factors[c * dims + j];
    }
    normSq[c] = FloatKernels.dot(factors, c * dims, factors, c * dims, dims);
    float weightSq = points.weightSq();
    for (int a = 0; a < points.attributes(); a++) {
      int from = c * values + points.valueOffset(a);
      int cardinality = points.cardinality(a);
      float sumSq = FloatKernels.dot(shares, from, shares, from, cardinality);
      missingTerms[a][c] = weightSq * sumSq;
      for (int v = 0; v < cardinality; v++) {
        valueTerms[points.valueOffset(a) + v][c] = weightSq * (1f - 2f * shares[from + v] + sumSq);
      }
    }
  }
}
