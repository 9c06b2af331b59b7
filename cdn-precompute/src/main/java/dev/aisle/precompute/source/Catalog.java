package dev.aisle.precompute.source;

import dev.aisle.catalog.Item;
import dev.aisle.storage.ItemStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The catalog as the precompute needs it: each item's title, category, price and availability by id.
 * Without a catalog ({@code none}) every model item counts as available and lists carry ids and
 * scores only.
 */
public final class Catalog {

  /** Columns of a catalog CSV: {@code item_id,title,category,price[,tags,available]}; tags separated by "|". */
  public static final List<String> CSV_COLUMNS = List.of("item_id", "title", "category", "price");

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
      new ItemStore(dynamo.get(), table.name()).scan().forEach(item -> items.put(item.itemId(), item));
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

  /** Whether lists may show the item: listed and available, or any item when there is no catalog. */
  public boolean listable(String itemId) {
    if (!present) {
      return true;
    }
    Item item = items.get(itemId);
    return item != null && item.available();
  }

  private static Catalog readCsv(RecordSource.CsvFile csv) {
    Map<String, Item> items = new HashMap<>();
    CsvRows.read(csv.path(), CSV_COLUMNS, row -> {
      String id = row.apply("item_id");
      if (id == null || id.isBlank()) {
        throw new InputException(csv.path() + " line " + row.line() + ": empty item_id");
      }
      items.put(id, new Item(id, emptyToNull(row.apply("title")), emptyToNull(row.apply("category")),
          price(csv, row.line(), row.apply("price")), tags(row.apply("tags")),
          available(csv, row.line(), row.apply("available"))));
    });
    return new Catalog(items, true);
  }

  private static Double price(RecordSource.CsvFile csv, long line, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double price = Double.parseDouble(value.strip());
      if (!Double.isFinite(price) || price < 0) {
        throw new NumberFormatException();
      }
      return price;
    } catch (NumberFormatException e) {
      throw new InputException(csv.path() + " line " + line + ": price '" + value + "' is not a non-negative number");
    }
  }

  private static boolean available(RecordSource.CsvFile csv, long line, String value) {
    if (value == null || value.isBlank()) {
      return true;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new InputException(csv.path() + " line " + line + ": available '" + value + "' is not true or false");
    };
  }

  private static List<String> tags(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split("\\|")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
