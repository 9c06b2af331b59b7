package dev.aisle.segment;

import dev.aisle.linalg.FloatKernels;

/**
 * The squared distance between a point and a centroid over both parts: the factor part's ‖x − μ‖² =
 * ‖x‖² + ‖μ‖² − 2·x·μ, plus one term per attribute read from the centroid's tables (see {@link
 * Centroids}), instead of a loop over the one-hot values.
 */
final class SegmentDistance {

  private final SegmentPoints points;
  private final Centroids centroids;

  SegmentDistance(SegmentPoints points, Centroids centroids) {
    this.points = points;
    this.centroids = centroids;
  }

  /**
   * Squared distance from one point to one centroid (seeding, and Hamerly's own-centroid check).
   */
  float distanceSq(int point, int c) {
    int dims = points.dims();
    float d =
        points.normSq(point)
            + centroids.normSq()[c]
            - 2f
                * FloatKernels.dot(
                    points.factors(), point * dims, centroids.factors(), c * dims, dims);
    for (int a = 0; a < points.attributes(); a++) {
      int value = points.value(a, point);
      d += value >= 0 ? centroids.valueTerms()[value][c] : centroids.missingTerms()[a][c];
    }
    return Math.max(0f, d);
  }

  /**
   * {@code out[c]} = squared distance from the point to every centroid c, less the point's own ‖x‖²
   * (the same for every c, so the nearest is the same; the caller adds it to the ones it keeps).
   * ‖μ_c‖², then −2·x_j·μ_{c,j} for each factor j and one term per attribute, each an axpy over the
   * centroids: no reduction in the inner loops, which keeps them vectorizable.
   */
  void toEveryCentroidLessNorm(int point, float[] out) {
    int count = centroids.count();
    System.arraycopy(centroids.normSq(), 0, out, 0, count);
    float[] x = points.factors();
    float[][] byDim = centroids.factorsByDim();
    int dims = points.dims();
    int o = point * dims;
    for (int j = 0; j < dims; j++) {
      FloatKernels.axpy(-2f * x[o + j], byDim[j], out, 0, count);
    }
    for (int a = 0; a < points.attributes(); a++) {
      int value = points.value(a, point);
      float[] terms = value >= 0 ? centroids.valueTerms()[value] : centroids.missingTerms()[a];
      FloatKernels.axpy(1f, terms, out, 0, count);
    }
  }
}
