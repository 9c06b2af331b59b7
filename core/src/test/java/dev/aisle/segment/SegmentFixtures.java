package dev.aisle.segment;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.parallel.DaemonThreads;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/** Shared inputs of the k-means pieces' tests, and the distance written out in full. */
final class SegmentFixtures {

  /** Daemon threads, shared by every test: a pool per property try would only add churn. */
  private static final ExecutorService POOL = DaemonThreads.fixedPool("aisle-kmeans-test", 4);

  private SegmentFixtures() {}

  static PointChunks chunks(int threads) {
    return new PointChunks(POOL, threads);
  }

  static SegmentPoints points(int rows, int dims, float weight, long seed) {
    FactorMatrix factors = KMeansTest.random(rows, dims, seed);
    return new SegmentPoints(factors, attributes(rows, seed + 1), weight, chunks(2));
  }

  /** Two attributes (4 and 3 values); one shopper in ten has only the second. */
  static AttributeCodes attributes(int rows, long seed) {
    Random random = new Random(seed);
    IdIndex ids = new IdIndex(IntStream.range(0, rows).mapToObj(i -> "u" + i).toList());
    AttributeCodes.Builder builder = AttributeCodes.builder(List.of("country", "device"), ids);
    String[] countries = {"de", "fr", "us", "jp"};
    String[] devices = {"mobile", "desktop", "tablet"};
    for (int i = 0; i < rows; i++) {
      Map<String, String> attributes =
          random.nextInt(10) == 0
              ? Map.of("device", devices[random.nextInt(3)])
              : Map.of(
                  "country", countries[random.nextInt(4)], "device", devices[random.nextInt(3)]);
      builder.add("u" + i, attributes);
    }
    return builder.build(1);
  }

  /** {@code count} centroids set to random points, then moved to the means of a random split. */
  static Centroids centroids(SegmentPoints points, int count, long seed) {
    Random random = new Random(seed);
    Centroids centroids = new Centroids(points, count);
    for (int c = 0; c < count; c++) {
      centroids.setToPoint(c, random.nextInt(points.rows()));
    }
    int[] rows = IntStream.range(0, points.rows()).toArray();
    int[] split = new int[rows.length];
    for (int s = 0; s < split.length; s++) {
      split[s] = random.nextInt(count);
    }
    centroids.update(rows, split, chunks(2));
    return centroids;
  }

  /**
   * The squared distance with the one-hot part materialized, in double: ‖x − μ‖² + Σ over every
   * value v of (w·[x has v] − w·p_v)².
   */
  static double explicitDistanceSq(SegmentPoints points, Centroids centroids, int i, int c) {
    int dims = points.dims();
    double d = 0;
    for (int j = 0; j < dims; j++) {
      double diff = points.factors()[i * dims + j] - centroids.factors()[c * dims + j];
      d += diff * diff;
    }
    double weight = Math.sqrt(points.weightSq());
    boolean[] held = new boolean[points.values()];
    for (int a = 0; a < points.attributes(); a++) {
      int value = points.value(a, i);
      if (value >= 0) {
        held[value] = true;
      }
    }
    for (int v = 0; v < points.values(); v++) {
      double diff = (held[v] ? weight : 0) - weight * centroids.shares()[c * points.values() + v];
      d += diff * diff;
    }
    return d;
  }

  /** The smallest explicit distance from point i to any centroid. */
  static double nearestSq(SegmentPoints points, Centroids centroids, int i) {
    double best = Double.MAX_VALUE;
    for (int c = 0; c < centroids.count(); c++) {
      best = Math.min(best, explicitDistanceSq(points, centroids, i, c));
    }
    return best;
  }
}
