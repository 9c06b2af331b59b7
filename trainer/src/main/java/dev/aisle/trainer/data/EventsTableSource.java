package dev.aisle.trainer.data;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.EventRetention;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.EventTableReader;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.publish.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The events table: the whole history (a parallel scan of {@code segments}) or only the rows
 * accepted since the previous cut (the {@code byAcceptTime} index), cut on accept time; the catalog
 * from the items table unless a catalog CSV is given.
 */
public final class EventsTableSource implements InteractionSource {

  private static final long PROGRESS_EVERY = 100_000;
  private static final String SALT_VARIABLE = "AISLE_ERASURE_SALT";

  private final AisleSettings settings;
  private final int segments;
  private final Path catalogFile;
  private final Consumer<String> progress;
  private final String erasureSalt;

  public EventsTableSource(
      AisleSettings settings, int segments, Path catalogFile, Consumer<String> progress) {
    this(settings, segments, catalogFile, progress, null);
  }

  /**
   * @param erasureSalt the salt of erased shoppers' hashes; null: {@code AISLE_ERASURE_SALT} or the
   *     local stack's
   */
  public EventsTableSource(
      AisleSettings settings,
      int segments,
      Path catalogFile,
      Consumer<String> progress,
      String erasureSalt) {
    this.erasureSalt = erasureSalt;
    this.settings = settings;
    this.segments = segments;
    this.catalogFile = catalogFile;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "events-table:" + settings.eventsTable();
  }

  @Override
  public boolean hasAcceptTime() {
    return true;
  }

  @Override
  public long read(Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
    LongAccumulator newest = new LongAccumulator(Math::max, Long.MIN_VALUE);
    AtomicLong reported = new AtomicLong();
    ErasedShoppers erased = erasedShoppers();
    AtomicLong skipped = new AtomicLong();
    // the local DynamoDB server has no TTL: expired events may still be stored, and must not train
    EventRetention retention = EventRetention.fromEnv(System.getenv());
    Instant now = Instant.now();
    AtomicLong expired = new AtomicLong();
    Consumer<Event> toRow =
        e -> {
          if (erased.erased(e.userId())) {
            // an erased shopper's event still in the table (in flight when they were erased): never
            // trained on
            skipped.incrementAndGet();
            return;
          }
          if (retention.expired(e.timestamp(), now)) {
            expired.incrementAndGet();
            return;
          }
          newest.accumulate(e.timestamp().toEpochMilli());
          sink.accept(
              new Interaction(
                  e.userId(),
                  e.itemId(),
                  e.type(),
                  e.timestamp().toEpochMilli(),
                  e.value() == null ? Double.NaN : e.value()));
        };
    java.util.function.LongConsumer counter =
        n -> {
          long last = reported.get();
          if (n - last >= PROGRESS_EVERY && reported.compareAndSet(last, n)) {
            progress.accept("  " + n + " events read");
          }
        };
    EventTableReader.Result result;
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      EventTableReader reader = new EventTableReader(dynamo, settings.eventsTable());
      if (after == null) {
        progress.accept(
            "scanning events table "
                + settings.eventsTable()
                + " for events accepted up to "
                + cut
                + " ("
                + segments
                + " segments)");
        result = reader.scan(cut, segments, toRow, counter);
      } else {
        progress.accept(
            "reading events table "
                + settings.eventsTable()
                + " for events accepted after "
                + after
                + " up to "
                + cut
                + " (index byAcceptTime)");
        result = reader.readAccepted(after, cut, toRow, counter);
      }
    }
    report.read(result.events() + result.unreadable());
    report.invalid("expired_by_retention", expired.get());
    report.invalid("unreadable_record", result.unreadable());
    report.invalid("erased_shopper", skipped.get());
    return newest.get();
  }

  /**
   * The live tombstones, when erasure is configured ({@code AISLE_ERASURE_SALT}, also read from the
   * settings file the CLI was given); none when it is not or the erasures table does not exist yet.
   */
  private ErasedShoppers erasedShoppers() {
    String salt = erasureSalt != null ? erasureSalt : System.getenv(SALT_VARIABLE);
    if (salt == null || salt.isBlank()) {
      salt = Settings.fileValue(SALT_VARIABLE).orElse(null);
    }
    if (salt == null || salt.isBlank()) {
      return ErasedShoppers.NONE;
    }
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      // the durations only matter for writes; reads compare expiresAt with the clock
      ErasureStore store =
          new ErasureStore(dynamo, settings.erasuresTable(), Duration.ZERO, Duration.ZERO);
      ErasedShoppers erased =
          new ErasedShoppers(new ShopperHash(salt), store.liveTombstones(Instant.now()));
      progress.accept("erased shoppers skipped: " + erased.size() + " live tombstones");
      return erased;
    } catch (ResourceNotFoundException noTable) {
      return ErasedShoppers.NONE;
    }
  }

  @Override
  public Map<String, Item> catalog() {
    if (catalogFile != null) {
      return CatalogCsv.read(catalogFile);
    }
    Map<String, Item> items = new LinkedHashMap<>();
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      for (Item item :
          (Iterable<Item>) new ItemStore(dynamo, settings.itemsTable()).scan()::iterator) {
        items.put(item.itemId(), item);
      }
    }
    progress.accept("catalog: " + items.size() + " items from table " + settings.itemsTable());
    return items;
  }
}
