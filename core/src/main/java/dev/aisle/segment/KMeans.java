package dev.aisle.segment;

import dev.aisle.model.FactorMatrix;
import dev.aisle.parallel.DaemonThreads;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/**
 * k-means over shoppers described by two parts side by side: their model vector (dense, the factor
 * part) and their categorical attributes one-hot encoded with weight {@code w} each (the attribute
 * part, never materialized: {@link SegmentPoints}, {@link Centroids}, {@link SegmentDistance}).
 *
 * <p>Lloyd's iterations run on a random sample of at most {@code fitSample} points (all of them
 * when there are fewer), seeded by k-means++ on a smaller sample ({@link KMeansSeeding}), each
 * assignment step accelerated with Hamerly's bounds ({@link HamerlyAssignment}). They stop when at
 * most {@code tolerance × sample} points change cluster, or after {@code maxIterations}. Then every
 * point is assigned to its nearest centroid and the centroids become the means of their members.
 *
 * <p>Deterministic for a given seed, whatever the thread count: points are processed in fixed
 * chunks whose partial sums are added in chunk order ({@link PointChunks}).
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
  public record Config(
      int clusters, int maxIterations, double tolerance, long seed, int initSample, int fitSample) {
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
  public record Result(
      int clusters,
      int[] assignment,
      float[] centroids,
      int[] sizes,
      int iterations,
      long changedLast) {}

  /** Told after each iteration; for progress output. */
  @FunctionalInterface
  public interface Progress {
    void iteration(int iteration, long changed, int points);
  }

  private final FactorMatrix factors;
  private final AttributeCodes attrs;
  private final float attributeWeight;
  private final int threads;

  /**
   * On as many threads as the machine has processors.
   *
   * @param factors the points' factor part, one row per shopper
   * @param attrs the points' attributes, same rows
   * @param attributeWeight {@code w}: the one-hot part's weight; 0 ignores attributes
   */
  public KMeans(FactorMatrix factors, AttributeCodes attrs, float attributeWeight) {
    this(factors, attrs, attributeWeight, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param threads threads of each fit's pool (the result does not depend on it)
   */
  public KMeans(FactorMatrix factors, AttributeCodes attrs, float attributeWeight, int threads) {
    if (attrs.rows() != factors.rows()) {
      throw new IllegalArgumentException(
          factors.rows() + " factor rows but " + attrs.rows() + " attribute rows");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.factors = factors;
    this.attrs = attrs;
    this.attributeWeight = attributeWeight;
    this.threads = threads;
  }

  public Result fit(Config config, Progress progress) {
    if (factors.rows() == 0) {
      return new Result(0, new int[0], new float[0], new int[0], 0, 0);
    }
    ExecutorService pool = DaemonThreads.fixedPool("aisle-kmeans", threads);
    try {
      PointChunks chunks = new PointChunks(pool, threads);
      return fit(
          new SegmentPoints(factors, attrs, attributeWeight, chunks), config, progress, chunks);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Result fit(
      SegmentPoints points, Config config, Progress progress, PointChunks chunks) {
    int n = points.rows();
    Random random = new Random(config.seed());
    int[] rows = RowSample.of(n, Math.min(n, config.fitSample()), random);
    Centroids centroids =
        KMeansSeeding.seed(points, rows, config.clusters(), config.initSample(), random);

    int m = rows.length;
    HamerlyAssignment sample = new HamerlyAssignment(rows, points, centroids, chunks);
    long changed = sample.assignAll();
    int iterations = 0;
    while (true) {
      float[] moves = centroids.update(rows, sample.assignment(), chunks);
      if (iterations >= config.maxIterations() || changed <= config.tolerance() * m) {
        break;
      }
      changed = sample.reassign(moves);
      iterations++;
      progress.iteration(iterations, changed, m);
    }
    int[] assignment = sample.assignment();
    if (m < n) {
      int[] everyRow = IntStream.range(0, n).toArray();
      HamerlyAssignment everyone = new HamerlyAssignment(everyRow, points, centroids, chunks);
      everyone.assignAll();
      centroids.update(everyRow, everyone.assignment(), chunks);
      assignment = everyone.assignment();
    }
    return new Result(
        centroids.count(),
        assignment,
        centroids.factors().clone(),
        centroids.sizes().clone(),
        iterations,
        changed);
  }
}
