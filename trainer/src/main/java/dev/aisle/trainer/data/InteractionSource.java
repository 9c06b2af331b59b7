package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where training reads interactions from — an interactions CSV, a dataset folder, the events table
 * — as a stream: rows go to a sink as they are read and nothing is collected here.
 */
public interface InteractionSource {

  /** For reports: {@code events-table:NAME}, a file, {@code uci-online-retail:DIR}… */
  String name();

  /**
   * True when rows carry the time the api accepted them (the events table): the snapshot's cut is
   * then on accept time and a run can read only what was accepted since the previous cut. Files
   * have no accept time: their events are cut on their own timestamps.
   */
  boolean hasAcceptTime();

  /**
   * Streams every row: rows it cannot read are counted in {@code report} by reason, the others go
   * to {@code sink} (from one thread, or from several at once for the events table: the sink must
   * be thread-safe).
   *
   * @param after read only rows accepted after this instant (sources with accept times; null: all)
   * @param cut read only rows accepted at or before this instant (sources with accept times)
   * @return the newest event timestamp read (epoch ms), {@link Long#MIN_VALUE} when none
   */
  long read(Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink);

  /**
   * The catalog, empty when there is none. Asked for after training (it grows with the catalog, and
   * training wants the memory first); may depend on what {@link #read} saw.
   */
  Map<String, Item> catalog();
}
