package dev.aisle.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CdnPathsTest {

  @Test
  void plainIdsAreTheirOwnFileNames() {
    assertThat(CdnPaths.similar("SKU-123_a.b")).isEqualTo("similar/SKU-123_a.b.json");
    assertThat(CdnPaths.segment("s7")).isEqualTo("segments/s7.json");
    assertThat(CdnPaths.popularCategory("shoes")).isEqualTo("popular/shoes.json");
  }

  @Test
  void otherIdsBecomeTildeBase64UrlOfTheirUtf8() {
    assertThat(CdnPaths.fileName("Books & Magazines")).isEqualTo("~Qm9va3MgJiBNYWdhemluZXM");
    assertThat(CdnPaths.fileName("a/b")).isEqualTo("~YS9i");
    assertThat(CdnPaths.fileName(".hidden")).startsWith("~");
    assertThat(CdnPaths.fileName("x".repeat(129))).startsWith("~");
    String unicode = CdnPaths.fileName("Ünïcode ?#");
    assertThat(unicode).matches("~[A-Za-z0-9_-]+");
    assertThat(
            new String(Base64.getUrlDecoder().decode(unicode.substring(1)), StandardCharsets.UTF_8))
        .isEqualTo("Ünïcode ?#");
  }
}
