package dev.aisle.api.serving;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.ItemStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog's unavailable items, re-read from the items table's sparse index every
 * {@code aisle.serving.unavailable-refresh} in the background: never returned by any endpoint.
 * An item marked unavailable disappears from answers within that interval.
 */
@ApplicationScoped
public class UnavailableItems {

  private final Refreshing<Set<String>> ids;

  UnavailableItems(AisleSettings settings, DynamoDbClient dynamo, ServingConfig config) {
    ItemStore items = new ItemStore(dynamo, settings.itemsTable());
    this.ids = new Refreshing<>("unavailable-items", () -> Set.copyOf(items.unavailableIds()),
        config.unavailableRefresh(), Set.of(), true);
  }

  /** The current set; the same instance until the next successful re-read. */
  Set<String> ids() {
    return ids.get();
  }

  @PreDestroy
  void close() {
    ids.close();
  }
}
