package dev.aisle.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StartingFactorsTest {

  @Test
  void everyRowIsAUnitVectorAndTheSeedFixesThem() {
    int rows = 500;
    int k = 16;
    float[] f = StartingFactors.rows(rows, k, new SplittableRandom(7));
    int negative = 0;
    for (int row = 0; row < rows; row++) {
      double norm = 0;
      for (int d = 0; d < k; d++) {
        float v = f[row * k + d];
        norm += v * v;
        negative += v < 0 ? 1 : 0;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }
    // directions all around, not near the diagonal: about half the values are negative
    assertThat(negative).isBetween(rows * k * 45 / 100, rows * k * 55 / 100);
    assertThat(StartingFactors.rows(rows, k, new SplittableRandom(7))).isEqualTo(f);
    assertThat(StartingFactors.rows(rows, k, new SplittableRandom(8))).isNotEqualTo(f);
  }

  @Test
  void aRowFromItsOwnGeneratorIsTheFirstRowOfThatGenerator() {
    float[] row = new float[8];
    StartingFactors.fillRow(row, 0, 8, new SplittableRandom(3));
    assertThat(StartingFactors.rows(1, 8, new SplittableRandom(3))).isEqualTo(row);
  }
}
