package dev.aisle.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataSizedDefaultsTest {

  @Test
  void factorsFollowTheShorterMeanRowAsAPowerOfTwoWithinBounds() {
    // the datasets the rule was measured on (docs/trainer.md)
    assertThat(DataSizedDefaults.factors(4_993, 988, 49_497))
        .isEqualTo(16); // demo shop, 9.9 per shopper, 50 per item
    assertThat(DataSizedDefaults.factors(1_892, 17_632, 92_834))
        .isEqualTo(32); // Last.fm, 49 per shopper but 5.3 per item
    assertThat(DataSizedDefaults.factors(4_335, 3_659, 266_226))
        .isEqualTo(128); // UCI retail, 61 and 73
    assertThat(DataSizedDefaults.factors(1_000, 10, 1_000)).isEqualTo(8);
    assertThat(DataSizedDefaults.factors(1_000, 10_000, 1_000_000)).isEqualTo(256);
    assertThat(DataSizedDefaults.factors(1_000, 100_000, 100_000)).isEqualTo(8);
    assertThat(DataSizedDefaults.factors(0, 0, 0)).isEqualTo(8);
    for (long pairs = 1_000; pairs < 10_000_000; pairs *= 3) {
      int k = DataSizedDefaults.factors(10_000, 5_000, pairs);
      assertThat(Integer.bitCount(k)).isEqualTo(1);
      assertThat(k).isBetween(8, 256);
    }
  }
}
