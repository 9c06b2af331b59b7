package dev.aisle.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFootprintTest {

  private static ModelManifest manifest(int items, int factors, int similarPerItem) {
    return new ModelManifest(
        2,
        "v",
        Instant.EPOCH,
        factors,
        Integer.MAX_VALUE,
        items,
        similarPerItem,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(ModelFiles.ITEM_IDS, new ModelManifest.FileEntry(1_000_000, "x")));
  }

  @Test
  void aModelOf100kItemsBy64IsItsFactorsGramianAndIds() {
    long bytes = ModelFootprint.bytes(manifest(100_000, 64, 0), ModelFiles.Parts.ESSENTIAL);

    long factors = 100_000L * 64 * 4;
    assertThat(bytes).isGreaterThan(factors).isLessThan(factors + 20_000_000L);
  }

  /**
   * items × factors of the claimed counts is over 2^31: an int product would wrap to a small
   * number.
   */
  @Test
  void hugeClaimsAreCountedInLongsWithoutWrapping() {
    ModelManifest huge = manifest(1_000_000_000, 512, 0);
    // the int product wraps: what the check must not use
    assertThat(huge.items() * huge.factors()).isLessThan(Integer.MAX_VALUE);

    assertThat(ModelFootprint.bytes(huge, ModelFiles.Parts.ESSENTIAL))
        .isGreaterThanOrEqualTo(1_000_000_000L * 512 * 4);
  }

  @Test
  void productsBeyondALongSaturate() {
    ModelManifest absurd = manifest(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    assertThat(ModelFootprint.bytes(absurd, ModelFiles.Parts.ALL)).isEqualTo(Long.MAX_VALUE);
    assertThat(ModelFootprint.bytes(manifest(-1, 64, 0), ModelFiles.Parts.ESSENTIAL))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void similarItemsCountOnlyWhenRead() {
    ModelManifest withSimilar = manifest(100_000, 64, 20);

    assertThat(
            ModelFootprint.bytes(withSimilar, ModelFiles.Parts.ALL)
                - ModelFootprint.bytes(withSimilar, ModelFiles.Parts.ESSENTIAL))
        .isEqualTo(100_000L * 20 * 8);
  }
}
