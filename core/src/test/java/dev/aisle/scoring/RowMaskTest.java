package dev.aisle.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowMaskTest {

  @Test
  void setsAndCopiesRowsIgnoringUnknownOnes() {
    RowMask mask = RowMask.of(130, 0, 63, 64, 129, -1, 130);
    assertThat(mask.get(0)).isTrue();
    assertThat(mask.get(63)).isTrue();
    assertThat(mask.get(64)).isTrue();
    assertThat(mask.get(129)).isTrue();
    assertThat(mask.get(1)).isFalse();
    assertThat(mask.cardinality()).isEqualTo(4);

    RowMask copy = mask.copy();
    copy.set(5);
    assertThat(copy.get(5)).isTrue();
    assertThat(mask.get(5)).isFalse();
    assertThat(copy).isNotEqualTo(mask);
  }
}
