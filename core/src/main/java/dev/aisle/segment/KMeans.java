package dev.aisle.segment;

import dev.aisle.model.FactorMatrix;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * k-means over shoppers described by two parts side by side: their model vector (dense, the
 * factor part) and their categorical attributes one-hot encoded with weight {@code w} each (the
 * attribute part). The one-hot part is never materialized: a centroid keeps, per attribute, the
 * share of its members holding each value, and a point's distance to it is the factor part's
 * squared distance plus one table lookup per attribute.
 *
 * <p>Lloyd's iterations run on a random sample of at most {@code fitSample} points (all of them
 * when there are fewer), seeded by k-means++ on a smaller sample and accelerated with Hamerly's
 * bounds (one upper bound to the own centroid and one lower bound to every other per point), which
 * skip distance computations once the centroids settle. They stop when at most
 * {@code tolerance × sample} points change cluster, or after {@code maxIterations}. Then every
 * point is assigned to its nearest centroid and the centroids become the means of their members.
 *
 * <p>Deterministic for a given seed: points are processed in fixed chunks whose partial sums are
 * added in chunk order, so thread scheduling never changes the result.
 */
public final class KMeans {

  /**
   * @param clusters wanted number of clusters (fewer when there are fewer distinct points)
   * @param maxIterations bound on Lloyd iterations after the first assignment
   * @param tolerance stop when at most this fraction of the sample changed cluster in an iteration
   * @param seed seeds the samples and k-means++
   * @param initSample points k-means++ seeds from
   * @param fitSample points Lloyd's iterations run on
   */
  public record Config(int clusters, int maxIterations, double tolerance, long seed, int initSample, int fitSample) {
    public Config {
      if (clusters < 1 || maxIterations < 0 || tolerance < 0 || initSample < 1 || fitSample < 1) {
        throw new IllegalArgumentException("invalid k-means configuration " + this);
      }
    }
  }

  /**
   * @param clusters clusters found (≤ the configured number)
   * @param assignment the cluster of each point (0..clusters-1)
   * @param centroids the factor part of each centroid, the mean of its members' vectors; row-major,
   *     stride = factors
   * @param sizes members per cluster (a cluster may end empty)
   * @param iterations Lloyd iterations run
   * @param changedLast sample points that changed cluster in the last iteration
   */
  public record Result(int clusters, int[] assignment, float[] centroids, int[] sizes, int iterations,
      long changedLast) {}

  /** Told after each iteration; for progress output. */
  @FunctionalInterface
  public interface Progress {
    void iteration(int iteration, long changed, int points);
  }

  private final float[] x;
  private final int n;
  private final int f;
  private final AttributeCodes attrs;
  private final int attributes;
  private final int[] valueOffset;
  private final int values;
  private final float weightSq;
  private final float[] pointNormSq;

  /*
   * Centroid state. mu: factor part, row-major (k × f). muT: the same transposed (f × k), so that
   * scoring one point against all centroids is a run of axpy loops over k, which the JIT
   * vectorizes. share: per centroid, the fraction of members with each attribute value (k ×
   * values). valueT / missingT: the attribute part of the distance, transposed ((values) × k and
   * attributes × k), see refreshTables.
   */
  private int k;
  private float[] mu;
  private float[] muT;
  private float[] share;
  private float[] valueT;
  private float[] missingT;
  private float[] muNormSq;
  private int[] sizes;

  /**
   * @param factors the points' factor part, one row per shopper
   * @param attrs the points' attributes, same rows
   * @param attributeWeight {@code w}: the one-hot part's weight; 0 ignores attributes
   */
  public KMeans(FactorMatrix factors, AttributeCodes attrs, float attributeWeight) {
    if (attrs.rows() != factors.rows()) {
      throw new IllegalArgumentException(factors.rows() + " factor rows but " + attrs.rows() + " attribute rows");
    }
    this.x = factors.data();
    this.n = factors.rows();
    this.f = factors.cols();
    this.attrs = attrs;
    this.attributes = attrs.attributes();
    this.valueOffset = new int[attributes];
    int total = 0;
    for (int a = 0; a < attributes; a++) {
      valueOffset[a] = total;
      total += attrs.cardinality(a);
    }
    this.values = total;
    this.weightSq = attributeWeight * attributeWeight;
    this.pointNormSq = new float[n];
    PointChunks.forEach(n, chunk -> {
      for (int i = PointChunks.start(chunk); i < PointChunks.end(chunk, n); i++) {
        pointNormSq[i] = dot(x, i * f, x, i * f, f);
      }
    });
  }

  public Result fit(Config config, Progress progress) {
    if (n == 0) {
      return new Result(0, new int[0], new float[0], new int[0], 0, 0);
    }
    Random random = new Random(config.seed());
    int[] rows = RowSample.of(n, Math.min(n, config.fitSample()), random);
    seed(config, random, rows);

    int m = rows.length;
    int[] assignment = new int[m];
    float[] upper = new float[m];
    float[] lower = new float[m];
    long changed = assignAll(rows, assignment, upper, lower);
    int iterations = 0;
    while (true) {
      float[] moves = recomputeCentroids(rows, assignment);
      if (iterations >= config.maxIterations() || changed <= config.tolerance() * m) {
        break;
      }
      changed = reassign(rows, assignment, upper, lower, moves);
      iterations++;
      progress.iteration(iterations, changed, m);
    }
    if (m < n) {
      rows = IntStream.range(0, n).toArray();
      assignment = new int[n];
      assignAll(rows, assignment, new float[n], new float[n]);
      recomputeCentroids(rows, assignment);
    }
    return new Result(k, assignment, mu.clone(), sizes.clone(), iterations, changed);
  }

  /** k-means++ on a sample: each next seed drawn with probability proportional to its squared distance. */
  private void seed(Config config, Random random, int[] rows) {
    int[] sample = rows.length <= config.initSample() ? rows : RowSample.pick(rows, config.initSample(), random);
    allocate(Math.min(config.clusters(), sample.length));
    float[] nearest = new float[sample.length];
    Arrays.fill(nearest, Float.MAX_VALUE);
    setCentroidToPoint(0, sample[random.nextInt(sample.length)]);
    int chosen = 1;
    while (true) {
      int c = chosen - 1;
      double total = 0;
      for (int j = 0; j < sample.length; j++) {
        nearest[j] = Math.min(nearest[j], distanceSq(sample[j], c));
        total += nearest[j];
      }
      if (chosen == k || total <= 0) {
        break;
      }
      double target = random.nextDouble() * total;
      int pick = -1;
      for (int j = 0; j < sample.length && target >= 0; j++) {
        if (nearest[j] > 0) {
          target -= nearest[j];
          pick = j;
        }
      }
      setCentroidToPoint(chosen++, sample[pick]);
    }
    if (chosen < k) {
      allocateKeeping(chosen);
    }
  }

  private void allocate(int clusters) {
    k = clusters;
    mu = new float[k * f];
    muT = new float[f * k];
    share = new float[k * values];
    valueT = new float[values * k];
    missingT = new float[attributes * k];
    muNormSq = new float[k];
    sizes = new int[k];
  }

  /** Shrinks to the first {@code clusters} centroids (k-means++ found fewer distinct points). */
  private void allocateKeeping(int clusters) {
    float[] oldMu = mu;
    float[] oldShare = share;
    allocate(clusters);
    System.arraycopy(oldMu, 0, mu, 0, k * f);
    System.arraycopy(oldShare, 0, share, 0, k * values);
    for (int c = 0; c < k; c++) {
      refreshTables(c);
    }
  }

  private void setCentroidToPoint(int c, int point) {
    System.arraycopy(x, point * f, mu, c * f, f);
    Arrays.fill(share, c * values, (c + 1) * values, 0f);
    for (int a = 0; a < attributes; a++) {
      int code = attrs.code(a, point);
      if (code >= 0) {
        share[c * values + valueOffset[a] + code] = 1f;
      }
    }
    refreshTables(c);
  }

  /**
   * Derived state of centroid c: its transposed factors, its norm, and the attribute part of the
   * squared distance from a point to it, per attribute: with value v, w²·(1 − 2·p_v + Σ p²);
   * missing (the zero vector), w²·Σ p².
   */
  private void refreshTables(int c) {
    for (int j = 0; j < f; j++) {
      muT[j * k + c] = mu[c * f + j];
    }
    muNormSq[c] = dot(mu, c * f, mu, c * f, f);
    for (int a = 0; a < attributes; a++) {
      int from = c * values + valueOffset[a];
      int cardinality = attrs.cardinality(a);
      float sumSq = 0;
      for (int v = 0; v < cardinality; v++) {
        sumSq += share[from + v] * share[from + v];
      }
      missingT[a * k + c] = weightSq * sumSq;
      for (int v = 0; v < cardinality; v++) {
        valueT[(valueOffset[a] + v) * k + c] = weightSq * (1f - 2f * share[from + v] + sumSq);
      }
    }
  }

  /** Squared distance from one point to one centroid (bounds and seeding). */
  private float distanceSq(int point, int c) {
    float d = pointNormSq[point] + muNormSq[c] - 2f * dot(x, point * f, mu, c * f, f);
    for (int a = 0; a < attributes; a++) {
      int code = attrs.code(a, point);
      d += code >= 0 ? valueT[(valueOffset[a] + code) * k + c] : missingT[a * k + c];
    }
    return Math.max(0f, d);
  }

  /** Full scan of every listed point: nearest and second-nearest centroid. */
  private long assignAll(int[] rows, int[] assignment, float[] upper, float[] lower) {
    PointChunks.forEach(rows.length, chunk -> {
      float[] scratch = new float[k];
      for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
        scan(rows[s], s, assignment, upper, lower, scratch);
      }
    });
    return rows.length;
  }

  /** Hamerly's step: only points whose bounds no longer prove their assignment are rescanned. */
  private long reassign(int[] rows, int[] assignment, float[] upper, float[] lower, float[] moves) {
    float maxMove = 0;
    float secondMove = 0;
    int maxCluster = -1;
    for (int c = 0; c < k; c++) {
      if (moves[c] > maxMove) {
        secondMove = maxMove;
        maxMove = moves[c];
        maxCluster = c;
      } else if (moves[c] > secondMove) {
        secondMove = moves[c];
      }
    }
    float[] halfGap = halfDistanceToNearestCentroid();
    final float largest = maxMove;
    final float second = secondMove;
    final int largestCluster = maxCluster;
    return PointChunks.sum(rows.length, chunk -> {
      float[] scratch = new float[k];
      long changed = 0;
      for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
        int own = assignment[s];
        upper[s] += moves[own];
        lower[s] -= own == largestCluster ? second : largest;
        float bound = Math.max(halfGap[own], lower[s]);
        if (upper[s] <= bound) {
          continue;
        }
        upper[s] = (float) Math.sqrt(distanceSq(rows[s], own));
        if (upper[s] <= bound) {
          continue;
        }
        scan(rows[s], s, assignment, upper, lower, scratch);
        if (assignment[s] != own) {
          changed++;
        }
      }
      return changed;
    });
  }

  /*
   * Nearest and second-nearest centroid of point i, stored at slot s. d[c] accumulates
   * ‖μ_c‖² − 2·x·μ_c over the transposed centroids (muT is f × k, row-major: factor j of every
   * centroid is contiguous), then the attribute part, each an axpy over k: no reductions in the
   * inner loops, which keeps them vectorizable.
   */
  private void scan(int i, int s, int[] assignment, float[] upper, float[] lower, float[] d) {
    System.arraycopy(muNormSq, 0, d, 0, k);
    final int o = i * f;
    for (int j = 0; j < f; j++) {
      final float xj = -2f * x[o + j];
      final int row = j * k;
      for (int c = 0; c < k; c++) {
        d[c] += xj * muT[row + c];
      }
    }
    for (int a = 0; a < attributes; a++) {
      int code = attrs.code(a, i);
      final float[] table = code >= 0 ? valueT : missingT;
      final int row = (code >= 0 ? valueOffset[a] + code : a) * k;
      for (int c = 0; c < k; c++) {
        d[c] += table[row + c];
      }
    }
    float best = Float.MAX_VALUE;
    float next = Float.MAX_VALUE;
    int bestCluster = 0;
    for (int c = 0; c < k; c++) {
      float dc = d[c];
      if (dc < best) {
        next = best;
        best = dc;
        bestCluster = c;
      } else if (dc < next) {
        next = dc;
      }
    }
    float norm = pointNormSq[i];
    assignment[s] = bestCluster;
    upper[s] = (float) Math.sqrt(Math.max(0f, best + norm));
    lower[s] = next == Float.MAX_VALUE ? Float.MAX_VALUE : (float) Math.sqrt(Math.max(0f, next + norm));
  }

  /** Means of the members; returns how far each centroid moved. Empty clusters stay where they are. */
  private float[] recomputeCentroids(int[] rows, int[] assignment) {
    int chunks = PointChunks.count(rows.length);
    double[][] sums = new double[chunks][];
    int[][] counts = new int[chunks][];
    int[][] valueCounts = new int[chunks][];
    PointChunks.forEach(rows.length, chunk -> {
      double[] sum = new double[k * f];
      int[] count = new int[k];
      int[] valueCount = new int[k * values];
      for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
        int i = rows[s];
        int c = assignment[s];
        count[c]++;
        int m = c * f;
        int o = i * f;
        for (int j = 0; j < f; j++) {
          sum[m + j] += x[o + j];
        }
        for (int a = 0; a < attributes; a++) {
          int code = attrs.code(a, i);
          if (code >= 0) {
            valueCount[c * values + valueOffset[a] + code]++;
          }
        }
      }
      sums[chunk] = sum;
      counts[chunk] = count;
      valueCounts[chunk] = valueCount;
    });
    double[] sum = new double[k * f];
    int[] count = new int[k];
    int[] valueCount = new int[k * values];
    for (int chunk = 0; chunk < chunks; chunk++) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += sums[chunk][j];
      }
      for (int c = 0; c < k; c++) {
        count[c] += counts[chunk][c];
      }
      for (int j = 0; j < valueCount.length; j++) {
        valueCount[j] += valueCounts[chunk][j];
      }
    }
    float[] moves = new float[k];
    for (int c = 0; c < k; c++) {
      sizes[c] = count[c];
      if (count[c] == 0) {
        continue;
      }
      double move = 0;
      for (int j = c * f; j < (c + 1) * f; j++) {
        float next = (float) (sum[j] / count[c]);
        move += (double) (next - mu[j]) * (next - mu[j]);
        mu[j] = next;
      }
      double shareMove = 0;
      for (int j = c * values; j < (c + 1) * values; j++) {
        float next = (float) valueCount[j] / count[c];
        shareMove += (double) (next - share[j]) * (next - share[j]);
        share[j] = next;
      }
      moves[c] = (float) Math.sqrt(move + weightSq * shareMove);
      refreshTables(c);
    }
    return moves;
  }

  /** Half the distance from each centroid to its nearest other centroid (Hamerly's s). */
  private float[] halfDistanceToNearestCentroid() {
    float[] half = new float[k];
    Arrays.fill(half, Float.MAX_VALUE);
    for (int c = 0; c < k; c++) {
      for (int d = c + 1; d < k; d++) {
        double dense = 0;
        for (int j = 0; j < f; j++) {
          float diff = mu[c * f + j] - mu[d * f + j];
          dense += diff * diff;
        }
        double onehot = 0;
        for (int j = 0; j < values; j++) {
          float diff = share[c * values + j] - share[d * values + j];
          onehot += diff * diff;
        }
        float distance = (float) (0.5 * Math.sqrt(dense + weightSq * onehot));
        half[c] = Math.min(half[c], distance);
        half[d] = Math.min(half[d], distance);
      }
    }
    return half;
  }

  private static float dot(float[] a, int ao, float[] b, int bo, int length) {
    float s0 = 0;
    float s1 = 0;
    int j = 0;
    for (; j + 1 < length; j += 2) {
      s0 += a[ao + j] * b[bo + j];
      s1 += a[ao + j + 1] * b[bo + j + 1];
    }
    if (j < length) {
      s0 += a[ao + j] * b[bo + j];
    }
    return s0 + s1;
  }
}
