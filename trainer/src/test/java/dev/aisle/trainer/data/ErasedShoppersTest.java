package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.ShopperHash;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErasedShoppersTest {

  private static final ShopperHash HASH = new ShopperHash("trainer-erasure-test-salt");

  @Test
  void aShopperIsErasedWhenTheHashOfTheirIdHasATombstone() {
    ErasedShoppers erased = new ErasedShoppers(HASH, Set.of(HASH.of("gone@example.com")));

    assertThat(erased.erased("gone@example.com")).isTrue();
    assertThat(erased.erased("gone@example.com")).as("remembered, same answer").isTrue();
    assertThat(erased.erased("kept@example.com")).isFalse();
    assertThat(erased.erased("gone@example.com")).isTrue();
    assertThat(erased.erased(null)).isFalse();
  }

  @Test
  void anotherSaltMatchesNothingAndNoTombstonesMeansNobody() {
    ErasedShoppers otherSalt =
        new ErasedShoppers(
            new ShopperHash("another-salt-entirely"), Set.of(HASH.of("gone@example.com")));
    assertThat(otherSalt.erased("gone@example.com")).isFalse();
    assertThat(ErasedShoppers.NONE.erased("gone@example.com")).isFalse();
    assertThat(ErasedShoppers.NONE.size()).isZero();
  }
}
