package dev.aisle.api.serving;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.serving.ServedModel;
import dev.aisle.similarity.ContentIndex;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ItemStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog's content index (TF-IDF over title, category, tags) for GET /similar and new-item
 * exploration: built in the background from the catalog shipped with the served model plus the
 * items written since its cut ({@link CatalogChanges}), first when the first request needs it, then
 * every {@code aisle.serving.catalog-refresh} (0 = content similarity off). A model that ships no
 * catalog (an older trainer's) falls back to a scan of the items table. Until the first build
 * finishes, /similar answers from the model alone.
 */
@ApplicationScoped
public class CatalogContent {

  private static final Logger LOG = Logger.getLogger(CatalogContent.class);

  private final ItemStore items;
  private final Refreshing<Optional<ContentIndex>> index;

  private final ModelHolder models;

  CatalogContent(
      AisleSettings settings, DynamoDbClient dynamo, ModelHolder models, ServingConfig config) {
    this.items = new ItemStore(dynamo, settings.itemsTable());
    this.models = models;
    Duration interval = config.catalogRefresh();
    this.index =
        interval.isZero()
            ? null
            : new Refreshing<>("catalog-content", this::build, interval, Optional.empty(), false);
  }

  Optional<ContentIndex> index() {
    return index == null ? Optional.empty() : index.get();
  }

  /** The catalog's copy of one item (for items added since the last build), or empty. */
  Optional<Item> item(String itemId) {
    return Optional.ofNullable(items.getAll(List.of(itemId)).get(itemId));
  }

  boolean enabled() {
    return index != null;
  }

  private Optional<ContentIndex> build() {
    long started = System.nanoTime();
    Model model = models.current().map(ServedModel::model).orElse(null);
    boolean shipped = CatalogChanges.shipped(model);
    List<Item> catalog =
        shipped
            ? List.copyOf(
                CatalogChanges.current(model, models.shippedCatalog(model), items).values())
            : items.scan().toList();
    ContentIndex built = ContentIndex.build(catalog);
    LOG.infof(
        "event=content_index_built items=%d source=%s millis=%d",
        built.size(),
        shipped ? "model_catalog_and_changes" : "items_scan",
        (System.nanoTime() - started) / 1_000_000);
    return Optional.of(built);
  }

  @PreDestroy
  void close() {
    if (index != null) {
      index.close();
    }
  }
}
