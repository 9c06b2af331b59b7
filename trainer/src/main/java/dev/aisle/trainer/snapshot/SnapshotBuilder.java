package dev.aisle.trainer.snapshot;

import dev.aisle.parallel.Chunks;
import dev.aisle.snapshot.Checksums;
import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.report.Stages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds a snapshot version from a source, in bounded memory:
 *
 * <ol>
 *   <li><b>read</b>: rows stream through the per-row rules into one local file per part ({@link
 *       EventSpill}); a full build reads the whole history, an incremental one only what is new
 *       (the events table: accepted after the previous cut; a file: the file);
 *   <li><b>fold</b>: each part, on its own and in parallel, is deduplicated, aggregated and merged
 *       with the same part of the previous version ({@link PartFold});
 *   <li><b>commit</b>: items file and manifest, then, with a store, upload and the compare-and-set
 *       of CURRENT ({@link SnapshotStore#commit}).
 * </ol>
 *
 * The cut: for sources with accept times the one given (now − lag); for files the given one or the
 * newest event read, and never before the previous cut (a file may hold backfilled events: they are
 * folded and decayed to the new cut).
 */
public final class SnapshotBuilder {

  public enum Mode {
    FULL,
    INCREMENTAL
  }

  /**
   * @param fixedCut the cut to use (required for sources with accept times); null: the newest event
   * @param parts parts of a full build (an incremental one keeps its snapshot's)
   * @param work a local folder for spill files and the new version's files
   * @param retention how long events are kept: an incremental build drops the previous pairs whose
   *     last event is older than the cut minus this (the events table's rule for new events; empty:
   *     kept)
   */
  public record Request(
      InteractionSource source,
      Mode mode,
      Instant fixedCut,
      int parts,
      Path work,
      Optional<Duration> retention) {

    /** A request that keeps every event (no retention). */
    public Request(InteractionSource source, Mode mode, Instant fixedCut, int parts, Path work) {
      this(source, mode, fixedCut, parts, work, Optional.empty());
    }
  }

  private final Aggregation aggregation;
  private final HygieneRules rules;
  private final int threads;
  private final Consumer<String> progress;
  private final Stages stages;

  public SnapshotBuilder(
      Aggregation aggregation,
      HygieneRules rules,
      int threads,
      Consumer<String> progress,
      Stages stages) {
    this.aggregation = aggregation;
    this.rules = rules;
    this.threads = threads;
    this.progress = progress;
    this.stages = stages;
  }

  /**
   * @param store where versions are kept; null builds a local version only (never committed)
   * @param base the version CURRENT named when the run started: folded into by an incremental
   *     build, replaced (compare-and-set from it) by a full one
   * @throws dev.aisle.snapshot.ConcurrentSnapshotException when another run committed first
   */
  public LocalSnapshot build(Request request, SnapshotStore store, Optional<Snapshot> base) {
    boolean incremental = request.mode() == Mode.INCREMENTAL;
    SnapshotManifest from =
        incremental
            ? base.orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no snapshot to fold into yet: run once with --full"))
                .manifest()
            : null;
    if (from != null) {
      checkCompatible(from, request.source());
      aggregation.requireSameAs(from);
    }
    int parts = from != null ? from.parts() : request.parts();
    if (parts < 1 || parts > 65_536) {
      throw new IllegalArgumentException("parts must be in 1..65536, got " + parts);
    }
    ItemDictionary items =
        from != null ? new ItemDictionary(store.items(from)) : new ItemDictionary();
    Path staging = request.work().resolve("snapshot");
    HygieneReport report = new HygieneReport();

    Instant fixed = request.fixedCut();
    if (from != null && fixed != null && fixed.isBefore(from.cut())) {
      if (!request.source().hasAcceptTime()) {
        throw new IllegalArgumentException(
            "--cutoff " + fixed + " is before the snapshot's cut " + from.cut());
      }
      fixed = from.cut();
    }
    if (request.source().hasAcceptTime() && fixed == null) {
      throw new IllegalArgumentException("reading the events table needs a cut");
    }
    Instant after = from != null && request.source().hasAcceptTime() ? from.cut() : null;
    long started = stages.begin();
    EventSpill spill = new EventSpill(request.work().resolve("spill"), parts, items, report);
    long newest;
    try {
      newest = request.source().read(after, fixed, report, spill);
    } finally {
      spill.close();
    }
    stages.end("read", started, report.readRows(), "rows", null);
    long cut = cutOf(fixed, newest, from);

    started = stages.begin();
    long expiredBefore = request.retention().map(r -> cut - r.toMillis()).orElse(Long.MIN_VALUE);
    PartFold.Result[] folded = foldAll(spill, parts, cut, expiredBefore, store, from, staging);
    stages.end(
        "aggregate",
        started,
        spill.accepted(),
        "events",
        "hygiene (future, duplicates) and sums per pair, "
            + (from != null ? "merged with " + from.version() : "full build"));

    String version = SnapshotStore.newVersion(Instant.now());
    SnapshotManifest manifest =
        manifest(version, from, request, cut, items, folded, staging, report);
    long eventsFolded = 0;
    for (PartFold.Result r : folded) {
      report.merge(r.report());
      eventsFolded += r.folded();
    }
    boolean committed = false;
    if (store != null) {
      started = stages.begin();
      store.commit(manifest, staging, base);
      committed = true;
      stages.end(
          "commit",
          started,
          manifest.count("pairs"),
          "pairs",
          "snapshot " + version + " to " + store.storage());
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "snapshot %s (%s): %,d new events folded into %,d shoppers, %,d pairs, "
                + "%,d events up to %s",
            version,
            incremental ? "incremental on " + from.version() : "full",
            eventsFolded,
            manifest.count("shoppers"),
            manifest.count("pairs"),
            manifest.count("events"),
            manifest.cut()));
    return new LocalSnapshot(
        manifest,
        staging,
        committed,
        report,
        report.readRows(),
        eventsFolded,
        incremental ? "incremental" : "full");
  }

  private static void checkCompatible(SnapshotManifest from, InteractionSource source) {
    boolean accepted = SnapshotManifest.ACCEPTED.equals(from.cutKind());
    if (accepted != source.hasAcceptTime()) {
      throw new IllegalArgumentException(
          "snapshot "
              + from.version()
              + " was built from "
              + (accepted ? "the events table (cut on accept time)" : "files (cut on event time)")
              + " and cannot take events from "
              + source.name()
              + ": rebuild it with --full");
    }
  }

  private long cutOf(Instant fixed, long newest, SnapshotManifest from) {
    long cut =
        fixed != null
            ? fixed.toEpochMilli()
            : newest != Long.MIN_VALUE
                ? newest
                : from != null ? from.cut().toEpochMilli() : System.currentTimeMillis();
    return from != null ? Math.max(cut, from.cut().toEpochMilli()) : cut;
  }

  private PartFold.Result[] foldAll(
      EventSpill spill,
      int parts,
      long cut,
      long expiredBefore,
      SnapshotStore store,
      SnapshotManifest from,
      Path staging) {
    PartFold.Result[] results = new PartFold.Result[parts];
    long previousCut = from != null ? from.cut().toEpochMilli() : cut;
    Chunks.run(
        "snapshot-fold",
        threads,
        parts,
        () ->
            part -> {
              try {
                PartReader previous = from != null ? store.openPart(from, part) : null;
                results[part] =
                    new PartFold(cut, expiredBefore, aggregation, rules)
                        .fold(
                            spill.file(part),
                            spill.rows(part),
                            previous,
                            previousCut,
                            staging.resolve(SnapshotManifest.partName(part)));
                Files.delete(spill.file(part));
              } catch (IOException e) {
                throw new UncheckedIOException("cannot fold part " + part, e);
              }
            });
    return results;
  }

  private SnapshotManifest manifest(
      String version,
      SnapshotManifest from,
      Request request,
      long cut,
      ItemDictionary items,
      PartFold.Result[] folded,
      Path staging,
      HygieneReport report) {
    Map<String, SnapshotManifest.FileEntry> files = new LinkedHashMap<>();
    Checksums.Written itemsFile = writeItems(staging.resolve(SnapshotManifest.ITEMS), items);
    files.put(
        SnapshotManifest.ITEMS,
        new SnapshotManifest.FileEntry(
            version + "/" + SnapshotManifest.ITEMS,
            itemsFile.bytes(),
            itemsFile.sha256(),
            null,
            null,
            null));
    long shoppers = 0;
    long pairs = 0;
    long events = 0;
    long eventsFolded = 0;
    Map<Integer, Long> histogram = new TreeMap<>();
    for (int p = 0; p < folded.length; p++) {
      PartFold.Result r = folded[p];
      String name = SnapshotManifest.partName(p);
      files.put(
          name,
          new SnapshotManifest.FileEntry(
              version + "/" + name,
              r.written().bytes(),
              r.written().sha256(),
              r.shoppers(),
              r.pairs(),
              r.events()));
      shoppers += r.shoppers();
      pairs += r.pairs();
      events += r.events();
      eventsFolded += r.folded();
      r.eventsPerShopper().forEach((count, n) -> histogram.merge(count, n, Long::sum));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("shoppers", shoppers);
    counts.put("pairs", pairs);
    counts.put("events", events);
    counts.put("items", (long) items.size());
    String source = request.source().name();
    return new SnapshotManifest(
        SnapshotManifest.FORMAT_VERSION,
        version,
        from != null ? from.version() : null,
        Instant.now(),
        Instant.ofEpochMilli(cut),
        request.source().hasAcceptTime() ? SnapshotManifest.ACCEPTED : SnapshotManifest.EVENT_TIME,
        source,
        aggregation.toManifest(),
        folded.length,
        SnapshotManifest.PARTITIONING,
        counts,
        histogram,
        new SnapshotManifest.Run(
            from != null ? "incremental" : "full",
            from != null ? from.cut() : null,
            report.readRows(),
            eventsFolded),
        files);
  }

  private static Checksums.Written writeItems(Path file, ItemDictionary items) {
    try {
      return Checksums.write(
          file,
          out -> {
            BufferedWriter w =
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (int i = 0; i < items.size(); i++) {
              w.write(items.idAt(i));
              w.write('\n');
            }
            w.flush();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
