package dev.aisle.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void countsCharactersNotUtf16Units() {
    String emoji128 = "😀".repeat(Ids.MAX_LENGTH);
    assertThat(emoji128.length()).isEqualTo(2 * Ids.MAX_LENGTH);

    assertThat(Ids.problem(emoji128)).isNull();
    assertThat(Ids.problem(emoji128 + "😀")).isEqualTo("must be at most 128 characters (got 129)");
  }

  @Test
  void refusesMissingBlankAndControlCharacters() {
    assertThat(Ids.problem(null)).isEqualTo("is required");
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid("  ")).isFalse();
    assertThat(Ids.isValid("a\tb")).isFalse();
    assertThat(Ids.isValid("shopper@example.com")).isTrue();
  }
}
