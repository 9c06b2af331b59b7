package dev.aisle.api.serving;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.serving.ServedModel;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ItemStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog's unavailable items, never returned by any endpoint, re-read every {@code
 * aisle.serving.unavailable-refresh} in the background: those of the catalog shipped with the
 * served model (read once per model), updated by the items written since its cut ({@link
 * CatalogChanges}); for a model that ships no catalog, the items table's sparse unavailable index.
 * An item marked unavailable disappears from answers within that interval.
 */
@ApplicationScoped
public class UnavailableItems {

  private final ItemStore items;
  private final ModelHolder models;
  private final Refreshing<Set<String>> ids;

  /**
   * The shipped catalog's unavailable ids, read once per model version (only the refresh thread
   * uses it).
   */
  private volatile Shipped shipped;

  private record Shipped(String version, Set<String> unavailable) {}

  UnavailableItems(
      AisleSettings settings, DynamoDbClient dynamo, ModelHolder models, ServingConfig config) {
    this.items = new ItemStore(dynamo, settings.itemsTable());
    this.models = models;
    this.ids =
        new Refreshing<>(
            "unavailable-items", this::read, config.unavailableRefresh(), Set.of(), true);
  }

  /** The current set; the same instance until the next successful re-read. */
  Set<String> ids() {
    return ids.get();
  }

  private Set<String> read() {
    Model model = models.current().map(ServedModel::model).orElse(null);
    if (!CatalogChanges.shipped(model)) {
      return Set.copyOf(items.unavailableIds());
    }
    Shipped atCut = shipped;
    if (atCut == null || !atCut.version().equals(model.version())) {
      atCut =
          new Shipped(model.version(), Set.copyOf(models.shippedCatalog(model).unavailableIds()));
      shipped = atCut;
    }
    Set<String> unavailable = new HashSet<>(atCut.unavailable());
    for (Item item : CatalogChanges.changes(model, items)) {
      if (item.available()) {
        unavailable.remove(item.itemId());
      } else {
        unavailable.add(item.itemId());
      }
    }
    return Set.copyOf(unavailable);
  }

  @PreDestroy
  void close() {
    ids.close();
  }
}
