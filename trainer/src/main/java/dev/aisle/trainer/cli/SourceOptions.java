package dev.aisle.trainer.cli;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.trainer.data.CsvSource;
import dev.aisle.trainer.data.EventsTableSource;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.data.LastFmImporter;
import dev.aisle.trainer.data.MovieLensImporter;
import dev.aisle.trainer.data.Timestamps;
import dev.aisle.trainer.data.UciRetailImporter;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.publish.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Where the interactions come from: a file (in one of several formats) or the events table. */
final class SourceOptions {

  enum Format {
    aisle,
    uci_retail,
    lastfm,
    movielens
  }

  @Option(
      names = "--interactions",
      paramLabel = "FILE|DIR",
      description =
          "Interactions to train on (default: the events table). A CSV "
              + "user_id,item_id,event_type,timestamp[,value], or a dataset folder/file (see --format).")
  Path interactions;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      description =
          "Format of --interactions: aisle (default), uci-retail (folder), lastfm (folder), "
              + "movielens (user item rating timestamp file).")
  Format format = Format.aisle;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description =
          "Catalog CSV item_id,title,category,price[,tags] (default: the items table when reading "
              + "the events table; the dataset's own catalog for uci-retail and lastfm).")
  Path catalog;

  @Option(
      names = "--cutoff",
      paramLabel = "ISO-8601",
      description =
          "The cut: events accepted (events table) or stamped (files) up to this time; decay and the "
              + "'future' rule count from it (default: now minus --lag for the events table, the newest event for files).")
  String cutoff;

  @Option(
      names = "--segments",
      paramLabel = "N",
      description = "Parallel scan segments of the events table (default: ${DEFAULT-VALUE}).")
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

  /** The source the options name (nothing is read yet). */
  InteractionSource source(Consumer<String> progress, int threads) {
    if (interactions == null) {
      return new EventsTableSource(Settings.resolve(), segments, catalog, progress);
    }
    if (!Files.exists(interactions)) {
      throw new IllegalArgumentException("no such file or folder: " + interactions);
    }
    if (catalog != null && !Files.isRegularFile(catalog)) {
      throw new IllegalArgumentException("no such catalog file: " + catalog);
    }
    progress.accept("reading " + interactions + " (" + format.name().replace('_', '-') + ")");
    InteractionSource dataset =
        switch (format) {
          case aisle -> new CsvSource(interactions, catalog, threads);
          case uci_retail -> UciRetailImporter.source(interactions);
          case lastfm -> LastFmImporter.source(interactions);
          case movielens -> MovieLensImporter.source(interactions);
        };
    return catalog == null || format == Format.aisle ? dataset : withCatalog(dataset, catalog);
  }

  /** The --cutoff instant, or null. */
  Instant cutoff() {
    return cutoff == null ? null : Instant.ofEpochMilli(parseCutoff(cutoff));
  }

  /** A dataset whose own catalog a --catalog file replaces. */
  private static InteractionSource withCatalog(InteractionSource dataset, Path catalog) {
    return new InteractionSource() {
      @Override
      public String name() {
        return dataset.name();
      }

      @Override
      public boolean hasAcceptTime() {
        return dataset.hasAcceptTime();
      }

      @Override
      public long read(
          Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
        return dataset.read(after, cut, report, sink);
      }

      @Override
      public Map<String, Item> catalog() {
        return CatalogCsv.read(catalog);
      }
    };
  }

  private static long parseCutoff(String text) {
    long ms = Timestamps.parse(text);
    if (ms == Timestamps.INVALID) {
      throw new IllegalArgumentException("--cutoff is not a timestamp: " + text);
    }
    return ms;
  }
}
