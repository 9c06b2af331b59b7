package dev.aisle.similarity;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sparse, L2-normalized term vector: term ids in increasing order with their weights. The dot
 * product of two such vectors is their cosine.
 */
public record SparseVector(int[] terms, float[] weights) {

  public SparseVector {
    if (terms.length != weights.length) {
      throw new IllegalArgumentException(
          terms.length + " terms but " + weights.length + " weights");
    }
  }

  public static SparseVector empty() {
    return new SparseVector(new int[0], new float[0]);
  }

  public boolean isEmpty() {
    return terms.length == 0;
  }

  /**
   * The normalized sum of {@code vectors}: the direction of their centroid, so one query finds what
   * is like all of them. Empty when they all are.
   */
  public static SparseVector centroid(List<SparseVector> vectors) {
    TreeMap<Integer, Float> sum = new TreeMap<>();
    for (SparseVector v : vectors) {
      for (int i = 0; i < v.terms.length; i++) {
        sum.merge(v.terms[i], v.weights[i], Float::sum);
      }
    }
    double norm = 0;
    for (float w : sum.values()) {
      norm += (double) w * w;
    }
    if (norm == 0) {
      return empty();
    }
    int[] terms = new int[sum.size()];
    float[] weights = new float[sum.size()];
    int n = 0;
    for (Map.Entry<Integer, Float> e : sum.entrySet()) {
      terms[n] = e.getKey();
      weights[n++] = (float) (e.getValue() / Math.sqrt(norm));
    }
    return new SparseVector(terms, weights);
  }

  /** The cosine of two normalized vectors: a merge over the sorted term ids. */
  public float dot(SparseVector other) {
    int[] a = terms;
    int[] b = other.terms;
    float sum = 0;
    for (int i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] == b[j]) {
        sum += weights[i++] * other.weights[j++];
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }
}
