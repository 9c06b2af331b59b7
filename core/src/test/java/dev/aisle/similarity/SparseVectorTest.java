package dev.aisle.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparseVectorTest {

  @Test
  void theCentroidIsTheNormalizedSumInTermOrder() {
    SparseVector a = new SparseVector(new int[] {1, 4}, new float[] {0.6f, 0.8f});
    SparseVector b = new SparseVector(new int[] {2, 4}, new float[] {0.6f, 0.8f});
    SparseVector c = SparseVector.centroid(List.of(a, b));
    // sum: {1: 0.6, 2: 0.6, 4: 1.6}, norm sqrt(0.36 + 0.36 + 2.56)
    double norm = Math.sqrt(0.36 + 0.36 + 2.56);
    assertThat(c.terms()).containsExactly(1, 2, 4);
    assertThat((double) c.weights()[0]).isCloseTo(0.6 / norm, within(1e-6));
    assertThat((double) c.weights()[2]).isCloseTo(1.6 / norm, within(1e-6));
    assertThat((double) c.dot(c)).isCloseTo(1.0, within(1e-6));
    // as close to each of its parts as they are to it
    assertThat(c.dot(a)).isCloseTo(c.dot(b), within(1e-6f));
  }

  @Test
  void theCentroidOfNothingIsEmpty() {
    assertThat(SparseVector.centroid(List.of()).isEmpty()).isTrue();
    assertThat(SparseVector.centroid(List.of(SparseVector.empty())).isEmpty()).isTrue();
  }
}
