package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class KMeansSeedingTest {

  /**
   * Every seed is a sample point (a point already chosen is at distance 0, so it is never drawn
   * again): distinct centroids, as many as asked when the sample has that many distinct points.
   */
  @Property(tries = 40)
  void seedsAreDistinctPointsOfTheSample(
      @ForAll @IntRange(min = 1, max = 400) int rowCount,
      @ForAll @IntRange(min = 1, max = 30) int clusters,
      @ForAll @IntRange(min = 1, max = 500) int initSample,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(rowCount, 4, 0.5f, seed);
    int[] rows = IntStream.range(0, rowCount).toArray();

    Centroids centroids = KMeansSeeding.seed(points, rows, clusters, initSample, new Random(seed));

    assertThat(centroids.count()).isEqualTo(Math.min(clusters, Math.min(rowCount, initSample)));
    Set<String> seen = new HashSet<>();
    for (int c = 0; c < centroids.count(); c++) {
      String key = centroidKey(centroids, points, c);
      assertThat(seen.add(key)).as("centroid %d is new", c).isTrue();
      assertThat(isSamplePoint(points, centroids, c)).as("centroid %d is a point", c).isTrue();
    }
  }

  @Test
  void fewerDistinctPointsThanClustersGiveOneCentroidPerDistinctPoint() {
    float[] data = new float[30 * 2];
    for (int i = 0; i < 30; i++) {
      data[i * 2] = i % 3;
    }
    FactorMatrix three = new FactorMatrix(data, 30, 2);
    SegmentPoints points =
        new SegmentPoints(three, AttributeCodes.none(30), 0f, SegmentFixtures.chunks(1));

    Centroids centroids =
        KMeansSeeding.seed(points, IntStream.range(0, 30).toArray(), 8, 100, new Random(4));

    assertThat(centroids.count()).isEqualTo(3);
  }

  @Test
  void theSeedAloneDecidesTheCentroids() {
    SegmentPoints points = SegmentFixtures.points(500, 6, 0.5f, 12);
    int[] rows = IntStream.range(0, 500).toArray();

    Centroids a = KMeansSeeding.seed(points, rows, 10, 200, new Random(77));
    Centroids b = KMeansSeeding.seed(points, rows, 10, 200, new Random(77));

    assertThat(b.factors()).isEqualTo(a.factors());
    assertThat(b.shares()).isEqualTo(a.shares());
  }

  private static boolean isSamplePoint(SegmentPoints points, Centroids centroids, int c) {
    for (int i = 0; i < points.rows(); i++) {
      if (SegmentFixtures.explicitDistanceSq(points, centroids, i, c) == 0) {
        return true;
      }
    }
    return false;
  }

  private static String centroidKey(Centroids centroids, SegmentPoints points, int c) {
    StringBuilder key = new StringBuilder();
    for (int j = 0; j < points.dims(); j++) {
      key.append(Float.floatToIntBits(centroids.factors()[c * points.dims() + j])).append(',');
    }
    for (int v = 0; v < points.values(); v++) {
      key.append(centroids.shares()[c * points.values() + v]).append(',');
    }
    return key.toString();
  }
}
