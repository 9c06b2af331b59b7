package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a source yielded, held in memory (training streams instead: {@link InteractionSource}): the
 * readable interactions (not yet cleaned), the catalog when one was given (empty otherwise), the
 * rows the reader had to refuse, and a name for reports.
 *
 * @param cutoff epoch millis the data was read up to (events after it were not read); decay and the
 *     "future" rule count from here
 */
public record LoadedData(
    String source,
    List<Interaction> interactions,
    Map<String, Item> catalog,
    HygieneReport report,
    long cutoff) {

  /** Everything a (small) source holds, in memory: for tools that need the rows themselves. */
  public static LoadedData collect(InteractionSource source) {
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = new ArrayList<>();
    // a source may call the sink from several threads (the events table: one per scan segment)
    long newest =
        source.read(
            null,
            null,
            report,
            row -> {
              synchronized (rows) {
                rows.add(row);
              }
            });
    return new LoadedData(source.name(), rows, source.catalog(), report, newest);
  }
}
