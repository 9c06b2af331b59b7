package dev.aisle.segment;

/**
 * Each point's nearest centroid, kept up to date as the centroids move with Hamerly's bounds: per
 * point an upper bound on the distance to its own centroid and one lower bound on the distance to
 * every other. A point is rescanned only when its bounds no longer prove its assignment, which
 * skips most distance computations once the centroids settle; the answer is the one a full scan
 * would give.
 */
final class HamerlyAssignment {

  private final int[] rows;
  private final SegmentPoints points;
  private final Centroids centroids;
  private final SegmentDistance distance;
  private final PointChunks chunks;
  private final int[] assignment;
  private final float[] upper;
  private final float[] lower;

  /**
   * @param rows the points taking part, by slot (assignment and bounds are per slot)
   */
  HamerlyAssignment(int[] rows, SegmentPoints points, Centroids centroids, PointChunks chunks) {
    this.rows = rows;
    this.points = points;
    this.centroids = centroids;
    this.distance = new SegmentDistance(points, centroids);
    this.chunks = chunks;
    this.assignment = new int[rows.length];
    this.upper = new float[rows.length];
    this.lower = new float[rows.length];
  }

  /** The cluster of each slot; not a copy. */
  int[] assignment() {
    return assignment;
  }

  /** Full scan of every slot; returns the slots scanned (all of them count as changed). */
  long assignAll() {
    chunks.forEach(
        "assign",
        rows.length,
        () -> {
          float[] scratch = new float[centroids.count()];
          return chunk -> {
            for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
              scan(s, scratch);
            }
          };
        });
    return rows.length;
  }

  /**
   * Hamerly's step after the centroids moved: widens the bounds by the moves, rescans only the
   * slots they no longer settle; returns how many slots changed cluster.
   *
   * @param moves how far each centroid moved since the bounds were set
   */
  long reassign(float[] moves) {
    float largest = 0;
    float second = 0;
    int largestCluster = -1;
    for (int c = 0; c < moves.length; c++) {
      if (moves[c] > largest) {
        second = largest;
        largest = moves[c];
        largestCluster = c;
      } else if (moves[c] > second) {
        second = moves[c];
      }
    }
    float[] halfGap = centroids.halfGaps();
    float largestMove = largest;
    float secondMove = second;
    int movedMost = largestCluster;
    return chunks.sum(
        "reassign",
        rows.length,
        () -> {
          float[] scratch = new float[centroids.count()];
          return chunk -> {
            long changed = 0;
            for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, rows.length); s++) {
              int own = assignment[s];
              upper[s] += moves[own];
              // every other centroid moved at most the largest move of the others
              lower[s] -= own == movedMost ? secondMove : largestMove;
              float bound = Math.max(halfGap[own], lower[s]);
              if (upper[s] <= bound) {
                continue;
              }
              upper[s] = (float) Math.sqrt(distance.distanceSq(rows[s], own));
              if (upper[s] <= bound) {
                continue;
              }
              scan(s, scratch);
              if (assignment[s] != own) {
                changed++;
              }
            }
            return changed;
          };
        });
  }

  /** Nearest and second-nearest centroid of the slot's point: its assignment and fresh bounds. */
  private void scan(int s, float[] d) {
    int i = rows[s];
    distance.toEveryCentroidLessNorm(i, d);
    float best = Float.MAX_VALUE;
    float next = Float.MAX_VALUE;
    int bestCluster = 0;
    for (int c = 0; c < centroids.count(); c++) {
      float dc = d[c];
      if (dc < best) {
        next = best;
        best = dc;
        bestCluster = c;
      } else if (dc < next) {
        next = dc;
      }
    }
    float norm = points.normSq(i);
    assignment[s] = bestCluster;
    upper[s] = (float) Math.sqrt(Math.max(0f, best + norm));
    lower[s] =
        next == Float.MAX_VALUE ? Float.MAX_VALUE : (float) Math.sqrt(Math.max(0f, next + norm));
  }
}
