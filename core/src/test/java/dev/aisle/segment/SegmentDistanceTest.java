package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The table form of the distance (one lookup per attribute instead of a loop over the one-hot
 * values) equals the distance with the one-hot part written out, and both forms agree.
 */
class SegmentDistanceTest {

  @Property(tries = 60)
  void tablesGiveTheExplicitDistance(
      @ForAll @IntRange(min = 1, max = 40) int dims,
      @ForAll @IntRange(min = 1, max = 16) int clusters,
      @ForAll @IntRange(min = 0, max = 20) int weightTenths,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(200, dims, weightTenths / 10f, seed);
    Centroids centroids = SegmentFixtures.centroids(points, clusters, seed + 2);
    SegmentDistance distance = new SegmentDistance(points, centroids);
    float[] lessNorm = new float[clusters];

    for (int i = 0; i < points.rows(); i++) {
      distance.toEveryCentroidLessNorm(i, lessNorm);
      for (int c = 0; c < clusters; c++) {
        double explicit = SegmentFixtures.explicitDistanceSq(points, centroids, i, c);
        // float sums of terms of size ‖x‖² + ‖μ‖²: a few float ulps of that, relative
        double scale = 1e-5 * (1 + points.normSq(i) + centroids.normSq()[c] + points.weightSq());
        assertThat((double) distance.distanceSq(i, c)).isCloseTo(explicit, within(scale));
        assertThat((double) lessNorm[c] + points.normSq(i)).isCloseTo(explicit, within(scale));
      }
    }
  }

  @Property(tries = 20)
  void aCentroidSetToAPointIsAtDistanceZeroFromIt(
      @ForAll @IntRange(min = 1, max = 40) int dims,
      @ForAll @IntRange(min = 0, max = 199) int point,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(200, dims, 0.7f, seed);
    Centroids centroids = new Centroids(points, 2);
    centroids.setToPoint(0, point);
    centroids.setToPoint(1, (point + 1) % points.rows());

    float d = new SegmentDistance(points, centroids).distanceSq(point, 0);
    assertThat(d).isCloseTo(0f, within(1e-5f * (1 + points.normSq(point))));
  }
}
