package dev.aisle.validation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Ids as clients send them, for property tests of the one id rule: any UTF-16 text (control
 * characters and unpaired surrogates included), and runs of emoji, whose length in UTF-16 units is
 * twice their length in characters (the case the rule's consumers once counted differently).
 */
public final class IdArbitraries {

  private IdArbitraries() {}

  public static Arbitrary<String> ids() {
    Arbitrary<String> anyText = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(140);
    Arbitrary<String> emoji =
        Arbitraries.integers()
            .between(0x1F300, 0x1FAFF)
            .list()
            .ofMinSize(1)
            .ofMaxSize(140)
            .map(
                codePoints ->
                    codePoints.stream()
                        .collect(
                            StringBuilder::new,
                            StringBuilder::appendCodePoint,
                            StringBuilder::append)
                        .toString());
    Arbitrary<String> plain =
        Arbitraries.strings().alpha().numeric().withChars("-_.@").ofMinLength(1).ofMaxLength(140);
    return Arbitraries.oneOf(anyText, emoji, plain);
  }
}
