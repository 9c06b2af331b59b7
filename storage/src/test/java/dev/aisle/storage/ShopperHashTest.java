package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShopperHashTest {

  private static final String SALT = "a-salt-of-enough-length";

  @Test
  void theSameIdAndSaltGiveTheSameHashAndOtherSaltsAnother() {
    ShopperHash hash = new ShopperHash(SALT);
    String h = hash.of("ann@example.com");
    assertThat(h)
        .hasSize(64)
        .matches("[0-9a-f]{64}")
        .isEqualTo(new ShopperHash(SALT).of("ann@example.com"));
    assertThat(hash.of("bob@example.com")).isNotEqualTo(h);
    assertThat(new ShopperHash(SALT + "x").of("ann@example.com")).isNotEqualTo(h);
    assertThat(h).doesNotContain("ann");
  }

  @Test
  void isHmacSha256OfTheIdKeyedWithTheSalt() {
    // another language (a shop's backend) computes the same value from the same salt
    // (Python: hmac.new(b"0123456789abcdef", b"u-1", hashlib.sha256).hexdigest())
    assertThat(new ShopperHash("0123456789abcdef").of("u-1"))
        .isEqualTo("9faa1b049c0fba732d92e9844d49635e0b0495660a78566b2ed4b50a7f4e2d0d");
    assertThat(new ShopperHash("  0123456789abcdef ").of("u-1"))
        .as("the salt is trimmed")
        .isEqualTo(hmac("0123456789abcdef", "u-1"));
  }

  @Test
  void refusesAShortOrMissingSaltAndNeverPrintsIt() {
    assertThatThrownBy(() -> new ShopperHash("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> new ShopperHash(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new ShopperHash(SALT).toString()).doesNotContain(SALT);
  }

  private static String hmac(String key, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of()
          .formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
