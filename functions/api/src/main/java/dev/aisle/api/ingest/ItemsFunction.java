package dev.aisle.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.ItemValidator;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.validation.Validated;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /items} with {@code {"items":[...]}} (1–500 items, rules in {@link ItemValidator}) →
 * {@code {"accepted":N}}: a catalog upsert, each item replacing the stored one with the same id
 * (send every field). An id repeated in one request: the last one wins.
 */
@ApplicationScoped
public class ItemsFunction {

  private final ItemStore items;

  ItemsFunction(DynamoDbClient dynamo, AisleSettings settings) {
    this.items = new ItemStore(dynamo, settings.itemsTable());
  }

  @Funq("items")
  public Upserted items(JsonNode body) {
    Validated<Item> batch = ItemValidator.validate(WriteRequests.require(body, "items"));
    if (!batch.isValid()) {
      throw BadRequestException.invalidBatch(batch, body.path("items").size(), "items");
    }
    Map<String, Item> lastById = new LinkedHashMap<>();
    batch.values().forEach(item -> lastById.put(item.itemId(), item));
    List<Item> unique = List.copyOf(lastById.values());
    WriteRequests.upsert("items", () -> items.putAll(unique));
    return new Upserted(unique.size());
  }
}
