package dev.aisle.segment;

import dev.aisle.linalg.FloatKernels;
import dev.aisle.model.FactorMatrix;

/**
 * The shoppers k-means clusters, each described by two parts side by side: the factor part (their
 * model vector, dense) and the attribute part (each categorical attribute one-hot encoded, weight
 * {@code w} per value). The one-hot part is never materialized: all attributes' values are laid end
 * to end in one list of {@link #values()} positions, and a point holds at most one position per
 * attribute ({@link #value}).
 */
final class SegmentPoints {

  private final float[] factors;
  private final int rows;
  private final int dims;
  private final AttributeCodes attrs;
  private final int[] valueOffset;
  private final int values;
  private final float weightSq;
  private final float[] normSq;

  /**
   * @param attributeWeight {@code w}: the one-hot part's weight; 0 ignores attributes
   * @param chunks computes the factor parts' squared norms, which every distance needs
   */
  SegmentPoints(
      FactorMatrix factors, AttributeCodes attrs, float attributeWeight, PointChunks chunks) {
    this.factors = factors.data();
    this.rows = factors.rows();
    this.dims = factors.cols();
    this.attrs = attrs;
    this.valueOffset = new int[attrs.attributes()];
    int total = 0;
    for (int a = 0; a < valueOffset.length; a++) {
      valueOffset[a] = total;
      total += attrs.cardinality(a);
    }
    this.values = total;
    this.weightSq = attributeWeight * attributeWeight;
    this.normSq = new float[rows];
    chunks.forEach(
        "norms",
        rows,
        () ->
            chunk -> {
              for (int i = PointChunks.start(chunk); i < PointChunks.end(chunk, rows); i++) {
                normSq[i] = FloatKernels.dot(this.factors, i * dims, this.factors, i * dims, dims);
              }
            });
  }

  int rows() {
    return rows;
  }

  /** Length of the factor part. */
  int dims() {
    return dims;
  }

  /** The factor parts, row-major (point i at {@code i · dims}); not a copy. */
  float[] factors() {
    return factors;
  }

  /** ‖factor part of point i‖². */
  float normSq(int i) {
    return normSq[i];
  }

  int attributes() {
    return valueOffset.length;
  }

  int cardinality(int attribute) {
    return attrs.cardinality(attribute);
  }

  /** Length of the one-hot part: the values of all attributes. */
  int values() {
    return values;
  }

  /** Where the values of {@code attribute} start in the one-hot part. */
  int valueOffset(int attribute) {
    return valueOffset[attribute];
  }

  /** The one-hot position point i holds for {@code attribute}, or -1 when it has no value. */
  int value(int attribute, int i) {
    int code = attrs.code(attribute, i);
    return code >= 0 ? valueOffset[attribute] + code : -1;
  }

  /** w²: the weight of a squared difference in the one-hot part. */
  float weightSq() {
    return weightSq;
  }
}
