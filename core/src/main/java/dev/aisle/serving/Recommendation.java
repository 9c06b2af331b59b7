package dev.aisle.serving;

import java.util.List;

/**
 * A shopper's answer: the items, best first, the model they were ranked with (null only when no
 * model was ever loaded) and where they came from.
 */
public record Recommendation(
    String userId, String modelVersion, Source source, List<ScoredItem> items) {

  public Recommendation {
    items = List.copyOf(items);
  }
}
