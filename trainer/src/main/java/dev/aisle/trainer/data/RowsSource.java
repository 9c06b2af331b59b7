package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows already in memory (a generated shop, a test), streamed as a file would be (no accept times).
 */
public record RowsSource(String name, List<Interaction> rows) implements InteractionSource {

  public RowsSource(List<Interaction> rows) {
    this("rows", rows);
  }

  @Override
  public boolean hasAcceptTime() {
    return false;
  }

  @Override
  public long read(Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
    long newest = Long.MIN_VALUE;
    for (Interaction row : rows) {
      report.read();
      sink.accept(row);
      newest = Math.max(newest, row.timestamp());
    }
    return newest;
  }

  @Override
  public Map<String, Item> catalog() {
    return Map.of();
  }
}
