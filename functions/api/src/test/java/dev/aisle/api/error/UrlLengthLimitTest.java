package dev.aisle.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlLengthLimitTest {

  @Test
  void theLimitIsInBytesOfTheUrlAsSent() {
    String atLimit = "/similar?itemId=" + "x".repeat(UrlLengthLimit.MAX_URL_BYTES - 16);

    assertThat(atLimit).hasSize(UrlLengthLimit.MAX_URL_BYTES);
    assertThat(UrlLengthLimit.exceeds(atLimit)).isFalse();
    assertThat(UrlLengthLimit.exceeds(atLimit + "x")).isTrue();
    // a character that is not ASCII counts by its UTF-8 bytes
    assertThat(UrlLengthLimit.exceeds(atLimit.substring(1) + "é")).isTrue();
  }

  @Test
  void theRefusalIsA414InTheApisShape() {
    ApiException refused = UrlLengthLimit.tooLong();

    assertThat(refused.status()).isEqualTo(414);
    assertThat(refused.code()).isEqualTo("uri_too_long");
    assertThat(refused.getMessage()).contains("6144 bytes");
  }
}
