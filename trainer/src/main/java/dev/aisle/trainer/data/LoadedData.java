package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.util.List;
import java.util.Map;

/**
 * What a source yielded: the readable interactions (not yet cleaned), the catalog when one was
 * given (empty otherwise), the rows the reader had to refuse, and a name for reports.
 *
 * @param cutoff epoch millis the data was read up to (events after it were not read); decay and the
 *     "future" rule count from here
 */
public record LoadedData(String source, List<Interaction> interactions, Map<String, Item> catalog,
    HygieneReport report, long cutoff) {}
