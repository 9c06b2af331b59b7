package dev.aisle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StableHashTest {

  /** Reference values from Guava's Hashing.murmur3_32_fixed() over the UTF-8 bytes (seed 0). */
  @Test
  void matchesMurmur3X86Of32BitsOverUtf8() {
    assertThat(StableHash.murmur3("")).isEqualTo(0x00000000);
    assertThat(StableHash.murmur3("a")).isEqualTo(0x3c2569b2);
    assertThat(StableHash.murmur3("ab")).isEqualTo(0x9bbfd75f);
    assertThat(StableHash.murmur3("abc")).isEqualTo(0xb3dd93fa);
    assertThat(StableHash.murmur3("test")).isEqualTo(0xba6bd213);
    assertThat(StableHash.murmur3("u0000042")).isEqualTo(0x63af4776);
    assertThat(StableHash.murmur3("The quick brown fox jumps over the lazy dog"))
        .isEqualTo(0x2e4ff723);
    assertThat(StableHash.murmur3("émoji 🛒")).isEqualTo(0x5359d4cd);
  }

  @Test
  void bucketsAreNonNegativeAndSpreadSimilarIds() {
    int[] counts = new int[64];
    for (int u = 0; u < 64_000; u++) {
      counts[StableHash.bucket(String.format("u%07d", u), 64)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(850, 1150);
    }
  }
}
