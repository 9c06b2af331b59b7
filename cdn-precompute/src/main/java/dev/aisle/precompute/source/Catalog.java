package dev.aisle.precompute.source;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.csv.CsvFormatException;
import dev.aisle.storage.dynamo.ItemStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog as the precompute needs it: each item's title, category, price and availability by
 * id. Without a catalog ({@code none}) every model item counts as available and lists carry ids and
 * scores only.
 */
public final class Catalog {

  /**
   * Columns of a catalog CSV ({@link CatalogCsv}): {@code
   * item_id,title,category,price[,tags,available]}.
   */
  public static final List<String> CSV_COLUMNS = CatalogCsv.REQUIRED_COLUMNS;

  private final Map<String, Item> items;
  private final boolean present;

  private Catalog(Map<String, Item> items, boolean present) {
    this.items = items;
    this.present = present;
  }

  public static Catalog none() {
    return new Catalog(Map.of(), false);
  }

  public static Catalog of(Map<String, Item> items) {
    return new Catalog(Map.copyOf(items), true);
  }

  public static Catalog load(RecordSource source, Supplier<DynamoDbClient> dynamo) {
    if (source instanceof RecordSource.Table table) {
      Map<String, Item> items = new HashMap<>();
      new ItemStore(dynamo.get(), table.name())
          .scan()
          .forEach(item -> items.put(item.itemId(), item));
      return new Catalog(items, true);
    }
    if (source instanceof RecordSource.CsvFile csv) {
      return readCsv(csv);
    }
    return none();
  }

  /** Whether a catalog was given at all. */
  public boolean present() {
    return present;
  }

  public int size() {
    return items.size();
  }

  /** The item, or null when the catalog does not list it. */
  public Item get(String itemId) {
    return items.get(itemId);
  }

  /**
   * Whether lists may show the item: listed and available, or any item when there is no catalog.
   */
  public boolean listable(String itemId) {
    if (!present) {
      return true;
    }
    Item item = items.get(itemId);
    return item != null && item.available();
  }

  private static Catalog readCsv(RecordSource.CsvFile csv) {
    try {
      return new Catalog(CatalogCsv.read(csv.path()), true);
    } catch (CsvFormatException e) {
      throw new InputException(e.getMessage(), e);
    }
  }
}
