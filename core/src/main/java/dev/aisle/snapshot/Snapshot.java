package dev.aisle.snapshot;

/** A committed snapshot version: its manifest and the pointer state it was read at. */
public record Snapshot(SnapshotManifest manifest, SnapshotStorage.Pointer pointer) {

  public String version() {
    return manifest.version();
  }
}
