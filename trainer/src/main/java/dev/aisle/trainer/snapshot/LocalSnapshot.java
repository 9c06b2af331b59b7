package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.nio.file.Path;

/**
 * A snapshot version whose files are all in a local folder (named by their logical names): what a
 * run just built, and what training reads, however many times it needs, without downloading.
 *
 * @param committed false when the version was not published to a snapshot store (evaluate, tune,
 *     --no-snapshot, or a run that lost the race to another)
 * @param hygiene the run's counts for the rows it read (read, invalid, imputed, future, duplicate)
 * @param rowsRead input rows read by this run; {@code eventsFolded} of them passed hygiene
 * @param mode {@code full} or {@code incremental}
 */
public record LocalSnapshot(
    SnapshotManifest manifest,
    Path dir,
    boolean committed,
    HygieneReport hygiene,
    long rowsRead,
    long eventsFolded,
    String mode) {

  public Path part(int part) {
    return dir.resolve(SnapshotManifest.partName(part));
  }

  public Path items() {
    return dir.resolve(SnapshotManifest.ITEMS);
  }

  public long cutMs() {
    return manifest.cut().toEpochMilli();
  }
}
