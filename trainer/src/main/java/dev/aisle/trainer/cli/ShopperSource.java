package dev.aisle.trainer.cli;

import dev.aisle.model.Model;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.serving.MemoryShoppers;
import dev.aisle.serving.ShopperLookup;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.ShopperTables;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.publish.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where batch {@code recommend} takes shoppers from: an interactions file (each shopper's events in
 * memory, their newest ones folded in), or the user-state and events tables as serving reads them.
 * The unavailable items come from the model's shipped catalog, else from the items table when the
 * tables are used.
 */
final class ShopperSource implements AutoCloseable {

  private final ShopperLookup lookup;
  private final Set<String> unavailable;
  private final String description;
  private final AutoCloseable resources;

  private ShopperSource(
      ShopperLookup lookup, Set<String> unavailable, String description, AutoCloseable resources) {
    this.lookup = lookup;
    this.unavailable = unavailable;
    this.description = description;
    this.resources = resources;
  }

  static ShopperSource open(Path interactions, int latest, Model model) {
    Set<String> shipped = model.catalog().unavailableIds();
    if (interactions != null) {
      if (!Files.isRegularFile(interactions)) {
        throw new IllegalArgumentException("no such interactions file: " + interactions);
      }
      MemoryShoppers shoppers = new MemoryShoppers(latest);
      InteractionsCsv.read(
          interactions,
          new HygieneReport(),
          row ->
              shoppers.event(
                  row.userId(),
                  new UserState.RecentEvent(
                      null,
                      row.itemId(),
                      row.type(),
                      row.boxedValue(),
                      Instant.ofEpochMilli(row.timestamp())),
                  null));
      return new ShopperSource(shoppers, shipped, interactions.toString(), () -> {});
    }
    AisleSettings settings = Settings.resolve();
    DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
    ExecutorService pool = DaemonThreads.fixedPool("aisle-recommend-lookup", 2);
    Set<String> unavailable =
        model.catalog().isEmpty()
            ? Set.copyOf(new ItemStore(dynamo, settings.itemsTable()).unavailableIds())
            : shipped;
    return new ShopperSource(
        new ShopperTables(dynamo, settings, latest, pool),
        unavailable,
        "tables " + settings.userStateTable() + ", " + settings.eventsTable(),
        () -> {
          pool.shutdown();
          dynamo.close();
        });
  }

  ShopperLookup lookup() {
    return lookup;
  }

  Set<String> unavailable() {
    return unavailable;
  }

  String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the shopper source", e);
    }
  }
}
