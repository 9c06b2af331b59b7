package dev.aisle.trainer.cli;

import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.EventRetention;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.snapshot.Aggregation;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.snapshot.SnapshotBuilder;
import dev.aisle.trainer.snapshot.SnapshotLocation;
import dev.aisle.trainer.training.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The training snapshot: where it is, whether this run rebuilds it or folds new events into it, and
 * the cut. Reading the events table, a run is incremental whenever a snapshot exists (it reads only
 * what was accepted since its cut); a file holds no accept times, so the caller says whether it is
 * the whole history (the default, a full build) or new events ({@code --incremental}).
 */
final class SnapshotOptions {

  @Option(
      names = "--snapshot",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description =
          "Where the training snapshot is kept (default: beside --out: DIR/snapshots, or s3://B/snapshots/ "
              + "for s3://B/models/).")
  String location;

  @Option(
      names = "--full",
      description = "Rebuild the snapshot from the whole history (a table scan, or the file).")
  boolean full;

  @Option(
      names = "--incremental",
      description =
          "Fold the input into the current snapshot (the default for the "
              + "events table once a snapshot exists; for a file, say so: it then holds only new events).")
  boolean incremental;

  @Option(names = "--no-snapshot", description = "Train from the input alone and keep no snapshot.")
  boolean none;

  @Option(
      names = "--lag",
      paramLabel = "DURATION",
      description =
          "The events table's cut is now minus this: its "
              + "accept-time index is eventually consistent and a request may be stored seconds after its acceptedAt "
              + "(default: ${DEFAULT-VALUE}).")
  String lag = "5m";

  @Option(
      names = "--parts",
      paramLabel = "P",
      description =
          "Parts of a new snapshot (shoppers are spread over them by "
              + "a hash of their id; each part is folded on its own, so P bounds the memory of the fold) (default: "
              + "${DEFAULT-VALUE}).")
  int parts = 64;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Local folder for the run's spill and snapshot files "
              + "(default: the system's temporary folder).")
  Path workDir;

  /** For commands that publish nothing (evaluate, tune): a local snapshot, no store. */
  static SnapshotOptions localOnly() {
    SnapshotOptions options = new SnapshotOptions();
    options.none = true;
    return options;
  }

  /** A local working folder for one run (deleted by the caller). */
  Path newWorkDir() {
    try {
      if (workDir != null) {
        Files.createDirectories(workDir);
        return Files.createTempDirectory(workDir, "aisle-train-");
      }
      return Files.createTempDirectory("aisle-train-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working folder", e);
    }
  }

  /** The store to keep the snapshot in, or empty with --no-snapshot. */
  Optional<SnapshotLocation> location(ModelLocation models) {
    if (none) {
      if (full || incremental || location != null) {
        throw new IllegalArgumentException(
            "--no-snapshot cannot go with --full, --incremental or --snapshot");
      }
      return Optional.empty();
    }
    if (full && incremental) {
      throw new IllegalArgumentException("--full and --incremental exclude each other");
    }
    return Optional.of(
        location != null
            ? SnapshotLocation.parse(location)
            : SnapshotLocation.besideModels(models));
  }

  /**
   * Builds this run's snapshot version: incremental or full (see the class comment), cut now − lag
   * for the events table.
   *
   * @param store null with --no-snapshot
   */
  LocalSnapshot build(
      InteractionSource source,
      Instant cutoff,
      SnapshotStore store,
      TrainingConfig config,
      Stages stages,
      Consumer<String> progress,
      Path work) {
    Optional<Snapshot> base = store == null ? Optional.empty() : store.current();
    boolean fold = incremental || !full && source.hasAcceptTime() && base.isPresent();
    if (incremental && base.isEmpty()) {
      throw new IllegalArgumentException(
          "--incremental: no snapshot at " + store.storage() + " yet (run --full first)");
    }
    Instant cut = cutoff;
    if (cut == null && source.hasAcceptTime()) {
      Duration delay = TrainerDefaults.parseDuration(lag);
      cut = Instant.now().minus(delay == null ? Duration.ZERO : delay);
    }
    base.ifPresent(
        b ->
            progress.accept(
                "snapshot "
                    + b.version()
                    + " (cut "
                    + b.manifest().cut()
                    + ", "
                    + b.manifest().count("events")
                    + " events): "
                    + (fold ? "folding new events into it" : "rebuilding (--full)")));
    SnapshotBuilder builder =
        new SnapshotBuilder(
            new Aggregation(config.weights(), config.popularityHalfLife()),
            config.hygiene(),
            config.als().threads(),
            progress,
            stages);
    return builder.build(
        new SnapshotBuilder.Request(
            source,
            fold ? SnapshotBuilder.Mode.INCREMENTAL : SnapshotBuilder.Mode.FULL,
            cut,
            parts,
            work,
            // the events table ignores expired events; the snapshot forgets pairs made only of them
            source.hasAcceptTime()
                ? EventRetention.fromEnv(System.getenv()).period()
                : Optional.empty()),
        store,
        base);
  }

  /** Deletes a run's working folder. */
  static void deleteWorkDir(Path work) {
    try {
      new dev.aisle.snapshot.FolderStorage(work.getParent())
          .deleteFolder(work.getFileName().toString());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("aisle-trainer: could not delete " + work + ": " + e.getMessage());
    }
  }
}
