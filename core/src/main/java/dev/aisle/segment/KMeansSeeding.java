package dev.aisle.segment;

import java.util.Arrays;
import java.util.Random;

/**
 * k-means++ seeding on a sample of points: the first centroid is a uniformly drawn point, each next
 * one a point drawn with probability proportional to its squared distance to the nearest centroid
 * chosen so far. Stops early, with fewer centroids, when every sample point sits on a centroid.
 */
final class KMeansSeeding {

  private KMeansSeeding() {}

  /**
   * @param rows the points k-means iterates on; seeding draws from {@code initSample} of them
   * @param random drawn from in a fixed order, so the seed alone decides the centroids
   */
  static Centroids seed(
      SegmentPoints points, int[] rows, int clusters, int initSample, Random random) {
    int[] sample = rows.length <= initSample ? rows : RowSample.pick(rows, initSample, random);
    Centroids centroids = new Centroids(points, Math.min(clusters, sample.length));
    SegmentDistance distance = new SegmentDistance(points, centroids);
    float[] nearest = new float[sample.length];
    Arrays.fill(nearest, Float.MAX_VALUE);
    centroids.setToPoint(0, sample[random.nextInt(sample.length)]);
    int chosen = 1;
    while (true) {
      int c = chosen - 1;
      double total = 0;
      for (int j = 0; j < sample.length; j++) {
        nearest[j] = Math.min(nearest[j], distance.distanceSq(sample[j], c));
        total += nearest[j];
      }
      if (chosen == centroids.count() || total <= 0) {
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
      centroids.setToPoint(chosen++, sample[pick]);
    }
    return chosen < centroids.count() ? centroids.first(chosen) : centroids;
  }
}
