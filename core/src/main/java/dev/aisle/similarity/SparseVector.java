package dev.aisle.similarity;

/**
 * A sparse, L2-normalized term vector: term ids in increasing order with their weights.
 * The dot product of two such vectors is their cosine.
 */
public record SparseVector(int[] terms, float[] weights) {

  public SparseVector {
    if (terms.length != weights.length) {
      throw new IllegalArgumentException(terms.length + " terms but " + weights.length + " weights");
    }
  }

  public static SparseVector empty() {
    return new SparseVector(new int[0], new float[0]);
  }

  public boolean isEmpty() {
    return terms.length == 0;
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
