package dev.aisle.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {

  @Test
  void countsCodePointsNotUtf16Units() {
    assertThat(TextRules.problem("😀😀", 2)).isNull();
    assertThat(TextRules.problem("😀😀😀", 2)).isEqualTo("must be at most 2 characters (got 3)");
  }

  @Test
  void rejectsControlCharactersIncludingC1AndDelete() {
    assertThat(TextRules.problem("a\nb", 10)).contains("U+000A");
    assertThat(TextRules.problem("a\u007fb", 10)).contains("U+007F");
    assertThat(TextRules.problem("a\u0085b", 10)).contains("U+0085");
  }

  @Test
  void rejectsUnpairedSurrogatesEitherWay() {
    assertThat(TextRules.problem("a\ud83d", 10)).contains("unpaired surrogate at position 1");
    assertThat(TextRules.problem("\ude00a", 10)).contains("unpaired surrogate at position 0");
  }

  @Test
  void rejectsTheReplacementCharacterOfBrokenEncodings() {
    assertThat(TextRules.problem("Stra\uFFFDe", 10)).contains("U+FFFD at position 4");
  }

  @Test
  void acceptsOrdinaryUnicode() {
    assertThat(TextRules.problem("Straße – café 東京", 64)).isNull();
  }

  @Test
  void showsClientStringsSafely() {
    assertThat(JsonFields.shown("a\u0000\ud800b")).isEqualTo("a\\u0000\\uD800b");
    assertThat(JsonFields.shown("x".repeat(40))).hasSize(33).endsWith("…");
  }
}
