package dev.aisle.trainer.cli;

import dev.aisle.catalog.Item;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.EventTableReader;
import dev.aisle.storage.ItemStore;
import dev.aisle.trainer.data.CatalogCsv;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.data.LastFmImporter;
import dev.aisle.trainer.data.LoadedData;
import dev.aisle.trainer.data.MovieLensImporter;
import dev.aisle.trainer.data.Timestamps;
import dev.aisle.trainer.data.UciRetailImporter;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.publish.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Where the interactions come from: a file (in one of several formats) or the events table. */
final class SourceOptions {

  enum Format {
    aisle,
    uci_retail,
    lastfm,
    movielens
  }

  @Option(names = "--interactions", paramLabel = "FILE|DIR",
      description = "Interactions to train on (default: the events table). A CSV "
          + "user_id,item_id,event_type,timestamp[,value], or a dataset folder/file (see --format).")
  Path interactions;

  @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "Format of --interactions: aisle (default), uci-retail (folder), lastfm (folder), "
          + "movielens (user item rating timestamp file).")
  Format format = Format.aisle;

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "Catalog CSV item_id,title,category,price[,tags] (default: the items table when reading "
          + "the events table; the dataset's own catalog for uci-retail and lastfm).")
  Path catalog;

  @Option(names = "--cutoff", paramLabel = "ISO-8601",
      description = "Read events up to this time; decay and the 'future' rule count from it "
          + "(default: now for the events table, the newest event for files).")
  String cutoff;

  @Option(names = "--segments", paramLabel = "N", description = "Parallel scan segments of the events table (default: ${DEFAULT-VALUE}).")
  int segments = 4;

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.strip().toLowerCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "unknown format '" + value + "' (aisle, uci-retail, lastfm, movielens)");
      }
    }
  }

  LoadedData load(Consumer<String> progress) {
    Long cut = cutoff == null ? null : parseCutoff(cutoff);
    if (interactions == null) {
      return fromEventsTable(Settings.resolve(), cut == null ? System.currentTimeMillis() : cut, progress);
    }
    if (!Files.exists(interactions)) {
      throw new IllegalArgumentException("no such file or folder: " + interactions);
    }
    progress.accept("reading " + interactions + " (" + format.name().replace('_', '-') + ")");
    LoadedData loaded = switch (format) {
      case aisle -> fromCsv();
      case uci_retail -> UciRetailImporter.load(interactions);
      case lastfm -> LastFmImporter.load(interactions);
      case movielens -> MovieLensImporter.load(interactions);
    };
    Map<String, Item> items = catalog != null ? readCatalog() : loaded.catalog();
    return new LoadedData(loaded.source(), loaded.interactions(), items, loaded.report(),
        cut != null ? cut : loaded.cutoff());
  }

  private LoadedData fromCsv() {
    if (Files.isDirectory(interactions)) {
      throw new IllegalArgumentException(interactions + " is a folder; --format aisle takes a CSV file");
    }
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = new ArrayList<>();
    long[] newest = {Long.MIN_VALUE};
    InteractionsCsv.read(interactions, report, row -> {
      rows.add(row);
      newest[0] = Math.max(newest[0], row.timestamp());
    });
    return new LoadedData(interactions.toString(), rows, Map.of(), report,
        newest[0] == Long.MIN_VALUE ? System.currentTimeMillis() : newest[0]);
  }

  LoadedData fromEventsTable(AisleSettings settings, long cut, Consumer<String> progress) {
    progress.accept("scanning events table " + settings.eventsTable() + " up to " + Instant.ofEpochMilli(cut) + " ("
        + segments + " segments)");
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      long[] reported = {0};
      EventTableReader.Result result = new EventTableReader(dynamo, settings.eventsTable())
          .read(Instant.ofEpochMilli(cut), segments, n -> {
            synchronized (reported) {
              if (n - reported[0] >= 100_000) {
                reported[0] = n;
                progress.accept("  " + n + " events read");
              }
            }
          });
      HygieneReport report = new HygieneReport();
      report.read(result.events().size() + result.unreadable());
      for (long n = 0; n < result.unreadable(); n++) {
        report.invalid("unreadable_record");
      }
      List<Interaction> rows = new ArrayList<>(result.events().size());
      for (Event e : result.events()) {
        rows.add(new Interaction(e.userId(), e.itemId(), e.type(), e.timestamp().toEpochMilli(),
            e.value() == null ? Double.NaN : e.value()));
      }
      Map<String, Item> items;
      if (catalog != null) {
        items = readCatalog();
      } else {
        items = new LinkedHashMap<>();
        for (Item item : (Iterable<Item>) new ItemStore(dynamo, settings.itemsTable()).scan()::iterator) {
          items.put(item.itemId(), item);
        }
        progress.accept("catalog: " + items.size() + " items from table " + settings.itemsTable());
      }
      return new LoadedData("events-table:" + settings.eventsTable(), rows, items, report, cut);
    }
  }

  private Map<String, Item> readCatalog() {
    if (!Files.isRegularFile(catalog)) {
      throw new IllegalArgumentException("no such catalog file: " + catalog);
    }
    return CatalogCsv.read(catalog);
  }

  private static long parseCutoff(String text) {
    long ms = Timestamps.parse(text);
    if (ms == Timestamps.INVALID) {
      throw new IllegalArgumentException("--cutoff is not a timestamp: " + text);
    }
    return ms;
  }
}
