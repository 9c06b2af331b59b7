package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CentroidsTest {

  /**
   * After an update each centroid is the mean of its members (factors) and their value shares, an
   * empty one stays where it was, and the move reported is the distance it moved.
   */
  @Property(tries = 40)
  void anUpdateMovesEachCentroidToItsMembersMean(
      @ForAll @IntRange(min = 1, max = 300) int rowCount,
      @ForAll @IntRange(min = 1, max = 10) int dims,
      @ForAll @IntRange(min = 1, max = 8) int clusters,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(rowCount, dims, 0.8f, seed);
    Centroids centroids = SegmentFixtures.centroids(points, clusters, seed + 2);
    float[] before = centroids.factors().clone();
    float[] sharesBefore = centroids.shares().clone();
    Random random = new Random(seed);
    int[] rows = IntStream.range(0, rowCount).filter(i -> random.nextInt(3) > 0).toArray();
    // cluster 0 left empty when there are others
    int[] assignment = new int[rows.length];
    for (int s = 0; s < rows.length; s++) {
      assignment[s] = clusters == 1 ? 0 : 1 + random.nextInt(clusters - 1);
    }

    float[] moves = centroids.update(rows, assignment, SegmentFixtures.chunks(2));

    int values = points.values();
    for (int c = 0; c < clusters; c++) {
      double[] mean = new double[dims];
      double[] share = new double[values];
      int members = 0;
      for (int s = 0; s < rows.length; s++) {
        if (assignment[s] == c) {
          members++;
          for (int j = 0; j < dims; j++) {
            mean[j] += points.factors()[rows[s] * dims + j];
          }
          for (int a = 0; a < points.attributes(); a++) {
            int value = points.value(a, rows[s]);
            if (value >= 0) {
              share[value]++;
            }
          }
        }
      }
      assertThat(centroids.sizes()[c]).isEqualTo(members);
      double movedSq = 0;
      for (int j = 0; j < dims; j++) {
        float now = centroids.factors()[c * dims + j];
        float expected = members == 0 ? before[c * dims + j] : (float) (mean[j] / members);
        assertThat(now).isEqualTo(expected);
        movedSq += Math.pow(now - before[c * dims + j], 2);
      }
      for (int v = 0; v < values; v++) {
        float now = centroids.shares()[c * values + v];
        float expected = members == 0 ? sharesBefore[c * values + v] : (float) (share[v] / members);
        assertThat(now).isCloseTo(expected, within(1e-6f));
        movedSq += points.weightSq() * Math.pow(now - sharesBefore[c * values + v], 2);
      }
      assertThat((double) moves[c]).isCloseTo(Math.sqrt(movedSq), within(1e-5));
    }
  }

  /** Hamerly's s: half the explicit distance to the nearest other centroid. */
  @Property(tries = 30)
  void halfGapsAreHalfTheDistanceToTheNearestOtherCentroid(
      @ForAll @IntRange(min = 1, max = 10) int dims,
      @ForAll @IntRange(min = 1, max = 12) int clusters,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(100, dims, 0.5f, seed);
    Centroids centroids = SegmentFixtures.centroids(points, clusters, seed + 2);

    float[] half = centroids.halfGaps();

    for (int c = 0; c < clusters; c++) {
      double nearest = Double.MAX_VALUE;
      for (int d = 0; d < clusters; d++) {
        if (d != c) {
          nearest = Math.min(nearest, centroidDistanceSq(points, centroids, c, d));
        }
      }
      if (clusters == 1) {
        assertThat(half[c]).isEqualTo(Float.MAX_VALUE);
      } else {
        assertThat((double) half[c]).isCloseTo(0.5 * Math.sqrt(nearest), within(1e-5));
      }
    }
  }

  /** Partial sums are per chunk, added in chunk order: the thread count never shows. */
  @Test
  void anUpdateOverSeveralChunksIsTheSameOnOneThreadOrThree() {
    int rowCount = 3 * PointChunks.SIZE + 17;
    SegmentPoints points = SegmentFixtures.points(rowCount, 6, 0.6f, 5);
    int[] rows = IntStream.range(0, rowCount).toArray();
    Random random = new Random(3);
    int[] assignment = IntStream.range(0, rowCount).map(i -> random.nextInt(7)).toArray();
    Centroids one = new Centroids(points, 7);
    Centroids three = new Centroids(points, 7);

    float[] movesOne = one.update(rows, assignment, SegmentFixtures.chunks(1));
    float[] movesThree = three.update(rows, assignment, SegmentFixtures.chunks(3));

    assertThat(three.factors()).isEqualTo(one.factors());
    assertThat(three.shares()).isEqualTo(one.shares());
    assertThat(movesThree).isEqualTo(movesOne);
  }

  /** Keeping the first centroids keeps them and what the distance reads of them. */
  @Test
  void theFirstCentroidsKeepTheirDistances() {
    SegmentPoints points = SegmentFixtures.points(50, 5, 0.9f, 8);
    Centroids all = SegmentFixtures.centroids(points, 6, 9);

    Centroids first = all.first(4);

    assertThat(first.count()).isEqualTo(4);
    SegmentDistance fromAll = new SegmentDistance(points, all);
    SegmentDistance fromFirst = new SegmentDistance(points, first);
    for (int i = 0; i < points.rows(); i++) {
      for (int c = 0; c < 4; c++) {
        assertThat(fromFirst.distanceSq(i, c)).isEqualTo(fromAll.distanceSq(i, c));
      }
    }
  }

  private static double centroidDistanceSq(
      SegmentPoints points, Centroids centroids, int c, int d) {
    int dims = points.dims();
    int values = points.values();
    double sum = 0;
    for (int j = 0; j < dims; j++) {
      sum += Math.pow(centroids.factors()[c * dims + j] - centroids.factors()[d * dims + j], 2);
    }
    for (int v = 0; v < values; v++) {
      sum +=
          points.weightSq()
              * Math.pow(
                  centroids.shares()[c * values + v] - centroids.shares()[d * values + v], 2);
    }
    return sum;
  }
}
