package dev.aisle.model;

import dev.aisle.catalog.Item;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The catalog as it was at a model's cut, shipped with the model ({@code catalog-items.jsonl}):
 * what serving needs of it (titles, categories and tags for content similarity, availability)
 * without scanning the items table. Items written after the cut are read separately, by time.
 *
 * @param items the catalog items, in any order; empty when the model ships no catalog
 */
public record ModelCatalog(List<Item> items) {

  public ModelCatalog {
    items = List.copyOf(items);
  }

  public static ModelCatalog none() {
    return new ModelCatalog(List.of());
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** Ids of the items marked unavailable. */
  public Set<String> unavailableIds() {
    Set<String> ids = new HashSet<>();
    for (Item item : items) {
      if (!item.available()) {
        ids.add(item.itemId());
      }
    }
    return ids;
  }
}
