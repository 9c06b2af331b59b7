package dev.aisle.serving;

import java.util.Map;
import java.util.Set;

/**
 * One validated request for a shopper's top-K.
 *
 * @param category only items of this category, or null
 * @param exclude ids never to return
 * @param context request context (country, device…) that overrides stored attributes for segments
 * @param includeBought keep items the shopper bought (batch {@code recommend --include-seen});
 *     serving never does
 */
public record RecommendationQuery(
    String userId,
    int k,
    String category,
    Set<String> exclude,
    Map<String, String> context,
    boolean includeBought) {

  public RecommendationQuery(
      String userId, int k, String category, Set<String> exclude, Map<String, String> context) {
    this(userId, k, category, exclude, context, false);
  }

  public RecommendationQuery {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1");
    }
    exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  public static RecommendationQuery of(String userId, int k) {
    return new RecommendationQuery(userId, k, null, Set.of(), Map.of());
  }
}
