package dev.aisle.similarity;

import dev.aisle.catalog.Item;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The terms an item's content is compared by: words of its title, its category and its tags, each
 * kind prefixed so that a tag "red" and the title word "red" stay distinct ({@code w:red}, {@code
 * c:shoes}, {@code t:red}). Words are accent-folded, lower-cased, split on anything but letters and
 * digits; one-character words and a few English stop words are dropped.
 */
public final class ContentTerms {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "the", "of", "for", "with", "in", "on", "to", "by", "at", "or", "de",
          "la", "le", "et", "und", "der", "die", "das");

  private ContentTerms() {}

  public static List<String> of(Item item) {
    List<String> terms = new ArrayList<>();
    if (item.title() != null) {
      for (String word : words(item.title())) {
        terms.add("w:" + word);
      }
    }
    if (item.category() != null && !item.category().isBlank()) {
      terms.add("c:" + fold(item.category()).strip());
    }
    for (String tag : item.tags()) {
      if (tag != null && !tag.isBlank()) {
        terms.add("t:" + fold(tag).strip());
      }
    }
    return terms;
  }

  static List<String> words(String text) {
    String folded = fold(text);
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= folded.length(); i++) {
      boolean wordChar = i < folded.length() && Character.isLetterOrDigit(folded.charAt(i));
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        String word = folded.substring(start, i);
        if (word.length() > 1 && !STOP_WORDS.contains(word)) {
          words.add(word);
        }
        start = -1;
      }
    }
    return words;
  }

  private static String fold(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
