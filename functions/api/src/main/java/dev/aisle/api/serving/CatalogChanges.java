package dev.aisle.api.serving;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.storage.dynamo.ItemStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog as serving sees it: the one shipped with the served model (as it was at the model's
 * cut), overlaid with the items written since, read through the items table's {@code byUpdateTime}
 * index. The read starts {@link #MARGIN} before the cut: the index is eventually consistent and the
 * trainer reads the catalog around the cut, not at it; reading a change twice is harmless.
 */
final class CatalogChanges {

  /** How far before the model's cut changes are read again. */
  static final Duration MARGIN = Duration.ofMinutes(10);

  private CatalogChanges() {}

  /**
   * Whether {@code model} ships its catalog (format 2 with catalog-items.jsonl). Serving loads
   * models without it ({@link dev.aisle.model.ModelFiles.Parts#ESSENTIAL}): the manifest says.
   */
  static boolean shipped(Model model) {
    return model != null && model.manifest().files().containsKey(ModelFiles.CATALOG_ITEMS);
  }

  /** The shipped catalog by id with every change since the model's cut applied. */
  static Map<String, Item> current(Model model, ModelCatalog shipped, ItemStore items) {
    Map<String, Item> byId = new HashMap<>();
    for (Item item : shipped.items()) {
      byId.put(item.itemId(), item);
    }
    for (Item item : changes(model, items)) {
      byId.put(item.itemId(), item);
    }
    return byId;
  }

  /** Items written since shortly before the model's cut. */
  static List<Item> changes(Model model, ItemStore items) {
    Instant seen = model.manifest().seenUntil();
    return items.changedSince(seen == null ? Instant.EPOCH : seen.minus(MARGIN));
  }
}
