package dev.aisle.storage.dynamo;

import dev.aisle.catalog.Item;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The catalog table: one item per {@code itemId} with title, category, price, tags and
 * availability; unavailable items also carry {@code unavailable = "true"}, which puts them in the
 * sparse index {@link TableDefinitions#UNAVAILABLE_ITEMS_INDEX}.
 */
public final class ItemStore {

  private static final int MAX_GET = 100;

  private final DynamoDbClient dynamo;
  private final String table;

  public ItemStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Upserts: an item sent again replaces the stored one; each row records when (see {@link
   * #changedSince}).
   */
  public void putAll(List<Item> items) {
    putAll(items, java.time.Instant.now());
  }

  /** Upserts stamped with {@code at} ({@code updatedAt}). */
  public void putAll(List<Item> items, java.time.Instant at) {
    long millis = at.toEpochMilli();
    BatchWriter.putAll(dynamo, table, items.stream().map(item -> toItem(item, millis)).toList());
  }

  /**
   * The items written after {@code since} (exclusive), from the {@code byUpdateTime} index: one
   * paginated query per shard, so the cost follows the number of changes, not the catalog's size.
   * Rows written before the index existed carry no {@code updatedAt} and are not found here.
   */
  public List<Item> changedSince(java.time.Instant since) {
    List<Item> changed = new ArrayList<>();
    for (int shard = 0; shard < TableDefinitions.UPDATE_SHARDS; shard++) {
      String key = Integer.toString(shard);
      dynamo
          .queryPaginator(
              b ->
                  b.tableName(table)
                      .indexName(TableDefinitions.ITEMS_BY_UPDATE_TIME_INDEX)
                      .keyConditionExpression("#s = :s AND #t > :t")
                      .expressionAttributeNames(
                          Map.of(
                              "#s",
                              TableDefinitions.UPDATE_SHARD,
                              "#t",
                              TableDefinitions.UPDATED_AT))
                      .expressionAttributeValues(
                          Map.of(
                              ":s",
                              AttributeValue.fromS(key),
                              ":t",
                              AttributeValue.fromN(Long.toString(since.toEpochMilli())))))
          .items()
          .forEach(i -> changed.add(fromItem(i)));
    }
    return changed;
  }

  /** The stored items among {@code itemIds} (unknown ids are left out). */
  public Map<String, Item> getAll(Collection<String> itemIds) {
    List<String> ids = List.copyOf(new HashSet<>(itemIds));
    Map<String, Item> found = new HashMap<>();
    for (int start = 0; start < ids.size(); start += MAX_GET) {
      List<Map<String, AttributeValue>> keys =
          ids.subList(start, Math.min(ids.size(), start + MAX_GET)).stream()
              .map(id -> Map.of(TableDefinitions.ITEM_ID, AttributeValue.fromS(id)))
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).build());
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> pending = request;
        var response = dynamo.batchGetItem(b -> b.requestItems(pending));
        response
            .responses()
            .getOrDefault(table, List.of())
            .forEach(i -> found.put(i.get(TableDefinitions.ITEM_ID).s(), fromItem(i)));
        request = response.unprocessedKeys();
      }
    }
    return found;
  }

  /** Every item of the catalog (paginated scan). */
  public Stream<Item> scan() {
    return dynamo.scanPaginator(b -> b.tableName(table)).items().stream().map(ItemStore::fromItem);
  }

  /** Ids of the items marked unavailable, from the sparse index (cheap: only those items). */
  public Set<String> unavailableIds() {
    Set<String> ids = new HashSet<>();
    dynamo
        .queryPaginator(
            b ->
                b.tableName(table)
                    .indexName(TableDefinitions.UNAVAILABLE_ITEMS_INDEX)
                    .keyConditionExpression("#u = :t")
                    .expressionAttributeNames(Map.of("#u", TableDefinitions.UNAVAILABLE))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("true"))))
        .items()
        .forEach(i -> ids.add(i.get(TableDefinitions.ITEM_ID).s()));
    return ids;
  }

  static Map<String, AttributeValue> toItem(Item item, long updatedAtMillis) {
    Map<String, AttributeValue> out = toItem(item);
    out.put(TableDefinitions.UPDATED_AT, AttributeValue.fromN(Long.toString(updatedAtMillis)));
    out.put(
        TableDefinitions.UPDATE_SHARD,
        AttributeValue.fromS(TableDefinitions.updateShard(item.itemId())));
    return out;
  }

  static Map<String, AttributeValue> toItem(Item item) {
    Map<String, AttributeValue> out = new HashMap<>();
    out.put(TableDefinitions.ITEM_ID, AttributeValue.fromS(item.itemId()));
    if (item.title() != null) {
      out.put("title", AttributeValue.fromS(item.title()));
    }
    if (item.category() != null) {
      out.put("category", AttributeValue.fromS(item.category()));
    }
    if (item.price() != null) {
      out.put("price", AttributeValue.fromN(Double.toString(item.price())));
    }
    if (!item.tags().isEmpty()) {
      out.put(
          "tags", AttributeValue.fromL(item.tags().stream().map(AttributeValue::fromS).toList()));
    }
    out.put("available", AttributeValue.fromBool(item.available()));
    if (!item.available()) {
      out.put(TableDefinitions.UNAVAILABLE, AttributeValue.fromS("true"));
    }
    return out;
  }

  static Item fromItem(Map<String, AttributeValue> i) {
    AttributeValue tags = i.get("tags");
    return new Item(
        i.get(TableDefinitions.ITEM_ID).s(),
        i.containsKey("title") ? i.get("title").s() : null,
        i.containsKey("category") ? i.get("category").s() : null,
        i.containsKey("price") ? Double.valueOf(i.get("price").n()) : null,
        tags == null
            ? List.of()
            : new ArrayList<>(tags.l().stream().map(AttributeValue::s).toList()),
        !i.containsKey("available") || i.get("available").bool());
  }
}
