package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Hamerly's bounds may only skip work: after the first scan and after every Lloyd step, each slot
 * holds a nearest centroid, as a brute-force scan over the explicit distance finds it.
 */
class HamerlyAssignmentTest {

  @Property(tries = 40)
  void everySlotHoldsANearestCentroidAfterEveryStep(
      @ForAll @IntRange(min = 1, max = 1_500) int rowCount,
      @ForAll @IntRange(min = 1, max = 12) int dims,
      @ForAll @IntRange(min = 1, max = 20) int clusters,
      @ForAll @IntRange(min = 0, max = 3) int weightTenths,
      @ForAll @IntRange(min = 1, max = 3) int threads,
      @ForAll long seed) {
    SegmentPoints points = SegmentFixtures.points(rowCount, dims, weightTenths / 10f, seed);
    Random random = new Random(seed);
    int[] rows = RowSample.of(rowCount, 1 + random.nextInt(rowCount), random);
    Centroids centroids = SegmentFixtures.centroids(points, clusters, seed + 2);
    PointChunks chunks = SegmentFixtures.chunks(threads);
    HamerlyAssignment assignment = new HamerlyAssignment(rows, points, centroids, chunks);

    assertThat(assignment.assignAll()).isEqualTo(rows.length);
    assertNearest(points, centroids, rows, assignment.assignment());
    for (int step = 0; step < 6; step++) {
      int[] before = assignment.assignment().clone();
      float[] moves = centroids.update(rows, assignment.assignment(), chunks);
      long changed = assignment.reassign(moves);

      assertNearest(points, centroids, rows, assignment.assignment());
      assertThat(changed)
          .as("step %d", step)
          .isEqualTo(differences(before, assignment.assignment()));
    }
  }

  private static void assertNearest(
      SegmentPoints points, Centroids centroids, int[] rows, int[] assignment) {
    for (int s = 0; s < rows.length; s++) {
      double best = SegmentFixtures.nearestSq(points, centroids, rows[s]);
      double own = SegmentFixtures.explicitDistanceSq(points, centroids, rows[s], assignment[s]);
      // float rounding of the tables against the double brute force: a tie may go either way
      assertThat(own).as("slot %d", s).isLessThanOrEqualTo(best + 1e-4 * (1 + best));
    }
  }

  private static long differences(int[] a, int[] b) {
    long count = 0;
    for (int s = 0; s < a.length; s++) {
      if (a[s] != b[s]) {
        count++;
      }
    }
    return count;
  }
}
