package dev.aisle.validation;

/**
 * What a string from a client may be: not empty or blank, at most a given number of characters
 * (Unicode code points, so an emoji counts once), no control characters (they break logs, CSV
 * exports and terminals) and well-formed UTF-16 (an unpaired surrogate cannot be stored as UTF-8).
 */
public final class TextRules {

  private TextRules() {}

  /** What is wrong with {@code text}, or null when it is acceptable. */
  public static String problem(String text, int maxLength) {
    if (text.isEmpty()) {
      return "must not be empty";
    }
    if (text.isBlank()) {
      return "must not be blank";
    }
    int codePoints = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return "must not contain control characters (found U+%04X at position %d)"
            .formatted((int) c, i);
      }
      if (c == '\uFFFD') {
        return "must be valid UTF-8 (found the replacement character U+FFFD at position %d)"
            .formatted(i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode (unpaired surrogate at position %d)".formatted(i);
      }
      codePoints++;
    }
    if (codePoints > maxLength) {
      return "must be at most %d characters (got %d)".formatted(maxLength, codePoints);
    }
    return null;
  }
}
