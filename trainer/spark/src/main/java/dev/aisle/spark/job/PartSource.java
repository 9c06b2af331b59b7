package dev.aisle.spark.job;

import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.trainer.snapshot.SnapshotLocation;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a Spark task reads a part of the run's snapshot version: from the snapshot store the run
 * committed it to (an S3 prefix or a folder every executor sees; each part checked against its size
 * and SHA-256 as the single-node trainer checks it), or, for a version that was not committed
 * ({@code --no-snapshot}), from the driver's local folder, which only a local-mode executor sees.
 *
 * @param store the store's location as {@code --snapshot} takes it, or null
 * @param version the version to read from the store
 * @param localDir the driver's folder of the version, used when {@code store} is null
 * @param cutMs the version's cut (the part's times are stored relative to it)
 */
public record PartSource(String store, String version, String localDir, long cutMs)
    implements Serializable {

  public static PartSource committed(SnapshotLocation store, String version, long cutMs) {
    return new PartSource(store.toString(), version, null, cutMs);
  }

  public static PartSource local(Path dir, long cutMs) {
    return new PartSource(null, null, dir.toString(), cutMs);
  }

  /** Opens one part and hands its reader to {@code read} (the store's client is closed after). */
  public <T> T read(int part, PartVisitor<T> read) {
    try {
      if (store == null) {
        try (PartReader reader =
            new PartReader(
                Files.newInputStream(Path.of(localDir, SnapshotManifest.partName(part))), cutMs)) {
          return read.visit(reader);
        }
      }
      try (SnapshotLocation.Opened opened = SnapshotLocation.parse(store).open()) {
        SnapshotStore snapshots = opened.store();
        SnapshotManifest manifest = snapshots.manifest(version);
        try (PartReader reader = snapshots.openPart(manifest, part)) {
          return read.visit(reader);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read part " + part + " of snapshot " + describe(), e);
    }
  }

  private String describe() {
    return store == null ? localDir : store + version;
  }

  /** What a task does with an open part. */
  @FunctionalInterface
  public interface PartVisitor<T> {
    T visit(PartReader reader) throws IOException;
  }
}
