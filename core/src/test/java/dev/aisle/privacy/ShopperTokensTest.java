package dev.aisle.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ShopperTokensTest {

  /**
   * The fixed vector docs/privacy.md publishes, so a backend in any language can check its minting.
   */
  static final String VECTOR_SECRET = "example-secret-do-not-use";

  static final String VECTOR_USER = "shopper-42";
  static final long VECTOR_EXPIRY = 1_893_456_000L;
  static final String VECTOR_TOKEN = "v1.1893456000.I0c7s2_vCeaVsHv6dFdjIPUegPa897kAwOSl5XRGwWE";

  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private final ShopperTokens tokens = ShopperTokens.of("current-secret");

  /** docs/privacy.md's Java snippet, with the expiry passed in instead of read from the clock. */
  static String snippetMint(String secret, String userId, long exp) throws Exception {
    String payload = "v1." + exp + "." + userId;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    return "v1." + exp + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  @Test
  void theDocumentedSnippetAndTheClassMintTheFixedVector() throws Exception {
    assertThat(snippetMint(VECTOR_SECRET, VECTOR_USER, VECTOR_EXPIRY)).isEqualTo(VECTOR_TOKEN);
    assertThat(
            ShopperTokens.of(VECTOR_SECRET).mint(VECTOR_USER, Instant.ofEpochSecond(VECTOR_EXPIRY)))
        .isEqualTo(VECTOR_TOKEN);
    assertThat(ShopperTokens.of(VECTOR_SECRET).verify(VECTOR_TOKEN, VECTOR_USER, NOW)).isTrue();
  }

  @Test
  void theDocumentPublishesTheVectorAndTheSnippetsLines() throws Exception {
    String doc = Files.readString(Path.of("../docs/privacy.md"));
    assertThat(doc)
        .contains(VECTOR_SECRET, VECTOR_USER, Long.toString(VECTOR_EXPIRY), VECTOR_TOKEN)
        .contains("String payload = \"v1.\" + exp + \".\" + userId;")
        .contains("Base64.getUrlEncoder().withoutPadding().encodeToString(sig)")
        .contains("digest('base64url')");
  }

  @Test
  void aGoodTokenVerifiesUntilItsExpirySecondIncluded() {
    String token = tokens.mint("alice", NOW, Duration.ofMinutes(15));
    assertThat(token).startsWith("v1." + NOW.plusSeconds(900).getEpochSecond() + ".");
    assertThat(tokens.verify(token, "alice", NOW)).isTrue();
    assertThat(tokens.verify(token, "alice", NOW.plusSeconds(900))).isTrue();
    assertThat(tokens.verify(token, "alice", NOW.plusSeconds(901))).isFalse();
  }

  @Test
  void aTokenForAnotherShopperOrFromAnotherSecretFails() {
    String alices = tokens.mint("alice", NOW, Duration.ofMinutes(15));
    assertThat(tokens.verify(alices, "bob", NOW)).isFalse();
    assertThat(tokens.verify(alices, "alice ", NOW)).isFalse();
    assertThat(ShopperTokens.of("another-secret").verify(alices, "alice", NOW)).isFalse();
  }

  @Test
  void tamperedOrMalformedTokensFail() {
    String token = tokens.mint("alice", NOW, Duration.ofMinutes(15));
    String[] parts = token.split("\\.");
    long exp = Long.parseLong(parts[1]);
    // a later expiry with the old signature
    assertThat(tokens.verify("v1." + (exp + 3600) + "." + parts[2], "alice", NOW)).isFalse();
    assertThat(tokens.verify("v2." + parts[1] + "." + parts[2], "alice", NOW)).isFalse();
    assertThat(tokens.verify(token + "=", "alice", NOW)).as("padding is not canonical").isFalse();
    assertThat(
            tokens.verify(
                "v1." + parts[1] + "." + parts[2].replace('_', '/').replace('-', '+') + "!",
                "alice",
                NOW))
        .isFalse();
    assertThat(tokens.verify("v1." + parts[1] + ".%%%not-base64%%%", "alice", NOW)).isFalse();
    assertThat(tokens.verify("v1.0" + parts[1] + "." + parts[2], "alice", NOW))
        .as("leading zero")
        .isFalse();
    assertThat(tokens.verify("v1.+" + parts[1] + "." + parts[2], "alice", NOW)).isFalse();
    assertThat(tokens.verify("v1.99999999999999999999." + parts[2], "alice", NOW)).isFalse();
    for (String junk :
        new String[] {"", "v1", "v1..", "v1." + parts[1], token + ".x", "..", "v1.1.2.3"}) {
      assertThat(tokens.verify(junk, "alice", NOW)).as(junk).isFalse();
    }
    assertThat(tokens.verify(null, "alice", NOW)).isFalse();
    assertThat(tokens.verify(token, null, NOW)).isFalse();
  }

  @Test
  void rotationAcceptsEveryListedSecretAndMintsWithTheFirst() {
    String old = ShopperTokens.of("old").mint("alice", NOW, Duration.ofMinutes(15));
    ShopperTokens rotating = ShopperTokens.of("new, old");
    assertThat(rotating.verify(old, "alice", NOW)).isTrue();
    String minted = rotating.mint("alice", NOW, Duration.ofMinutes(15));
    assertThat(ShopperTokens.of("new").verify(minted, "alice", NOW)).isTrue();
    assertThat(ShopperTokens.of("old").verify(minted, "alice", NOW)).isFalse();
    assertThat(ShopperTokens.of("new").verify(old, "alice", NOW))
        .as("after the old secret is dropped")
        .isFalse();
  }

  @Test
  void refusesNoSecretAndANonPositiveTtl() {
    assertThatThrownBy(() -> ShopperTokens.of(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShopperTokens(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.mint("alice", NOW, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void aTokenVerifiesForItsShopperOnly(
      @ForAll("ids") String user, @ForAll("ids") String other, @ForAll("ttls") long ttlSeconds) {
    String token = tokens.mint(user, NOW, Duration.ofSeconds(ttlSeconds));
    assertThat(tokens.verify(token, user, NOW)).isTrue();
    assertThat(tokens.verify(token, user, NOW.plusSeconds(ttlSeconds + 1))).isFalse();
    Assume.that(!other.equals(user));
    assertThat(tokens.verify(token, other, NOW)).isFalse();
  }

  @Property
  void changingAnyOneCharacterOfATokenBreaksIt(
      @ForAll("ids") String user,
      @ForAll("positions") int position,
      @ForAll("replacements") char replacement) {
    String token = tokens.mint(user, NOW, Duration.ofMinutes(15));
    int at = position % token.length();
    Assume.that(token.charAt(at) != replacement);
    String tampered = token.substring(0, at) + replacement + token.substring(at + 1);
    assertThat(tokens.verify(tampered, user, NOW)).isFalse();
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(128),
        Arbitraries.strings().alpha().numeric().withChars("-_.@").ofMinLength(1).ofMaxLength(40));
  }

  @Provide
  Arbitrary<Long> ttls() {
    return Arbitraries.longs().between(1, 86_400 * 30);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1_000);
  }

  @Provide
  Arbitrary<Character> replacements() {
    return Arbitraries.chars().with("0123456789abcdefxyzABCXYZ-_.=+/");
  }
}
