package dev.aisle.trainer.model;

import dev.aisle.catalog.Item;
import dev.aisle.model.IdIndex;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Popular lists from time-decayed event counts: the top {@code overall} items, and the top {@code
 * perCategory} of each category. Unavailable catalog items are left out; ties go to the smaller
 * item id.
 */
public final class PopularListsBuilder {

  private PopularListsBuilder() {}

  public static PopularLists build(
      IdIndex items,
      float[] popularity,
      String[] categories,
      Map<String, Item> catalog,
      int overall,
      int perCategory) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = catalog.get(items.idAt(i));
      if (popularity[i] > 0 && (item == null || item.available())) {
        rows.add(i);
      }
    }
    rows.sort(Comparator.<Integer>comparingDouble(i -> -popularity[i]).thenComparing(items::idAt));
    List<RankedItem> top = new ArrayList<>();
    Map<String, List<RankedItem>> byCategory = new TreeMap<>();
    Map<String, Integer> filled = new HashMap<>();
    for (int i : rows) {
      RankedItem ranked = new RankedItem(items.idAt(i), round(popularity[i]));
      if (top.size() < overall) {
        top.add(ranked);
      }
      String category = categories[i];
      if (!category.isEmpty() && filled.getOrDefault(category, 0) < perCategory) {
        byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(ranked);
        filled.merge(category, 1, Integer::sum);
      }
    }
    return new PopularLists(top, byCategory);
  }

  private static double round(float v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
