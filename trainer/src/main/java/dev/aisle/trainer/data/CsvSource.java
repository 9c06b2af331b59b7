package dev.aisle.trainer.data;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An interactions CSV ({@link InteractionsCsv}'s layout), parsed on {@code threads} threads, with
 * an optional catalog CSV.
 */
public final class CsvSource implements InteractionSource {

  private final Path file;
  private final Path catalog;
  private final int threads;

  public CsvSource(Path file, Path catalog, int threads) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + " is a folder; --format aisle takes a CSV file");
    }
    this.file = file;
    this.catalog = catalog;
    this.threads = threads;
  }

  @Override
  public String name() {
    return file.toString();
  }

  @Override
  public boolean hasAcceptTime() {
    return false;
  }

  @Override
  public long read(Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
    return InteractionsCsv.readParallel(file, threads, report, sink);
  }

  @Override
  public Map<String, Item> catalog() {
    return catalog == null ? Map.of() : CatalogCsv.read(catalog);
  }
}
