package dev.aisle.als;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

  @Test
  void sumsRepeatedPairsAndSortsColumns() {
    InteractionMatrix m =
        InteractionMatrix.fromTriplets(
            2, 3, new int[] {1, 0, 1, 0}, new int[] {2, 1, 0, 1}, new float[] {1f, 2f, 3f, 4f}, 4);
    assertThat(m.nonZeros()).isEqualTo(3);
    assertThat(m.rowLength(0)).isEqualTo(1);
    assertThat(m.values()[m.rowStart(0)]).isEqualTo(6f);
    assertThat(java.util.Arrays.copyOfRange(m.cols(), m.rowStart(1), m.rowEnd(1)))
        .containsExactly(0, 2);
    InteractionMatrix t = m.transpose();
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.rowLength(1)).isEqualTo(1);
    assertThat(t.cols()[t.rowStart(2)]).isEqualTo(1);
  }
}
