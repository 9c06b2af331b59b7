package dev.aisle.model;

import java.util.List;
import java.util.Map;

/**
 * {@code popular.json}: the most popular items (time-decayed interaction counts), overall and per
 * category, best first. The fallback for shoppers nobody knows yet.
 */
public record PopularLists(List<RankedItem> overall, Map<String, List<RankedItem>> byCategory) {

  public PopularLists {
    overall = overall == null ? List.of() : List.copyOf(overall);
    byCategory = byCategory == null ? Map.of() : Map.copyOf(byCategory);
  }

  public static PopularLists empty() {
    return new PopularLists(List.of(), Map.of());
  }
}
