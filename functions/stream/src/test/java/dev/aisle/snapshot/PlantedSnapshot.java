package dev.aisle.snapshot;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Training snapshot versions with given shoppers, as the trainer would commit them (core's test
 * fixture).
 */
public final class PlantedSnapshot {

  private PlantedSnapshot() {}

  /** Commits a version holding {@code pairs} (shopper → pair count) on top of the current one. */
  public static Snapshot commit(SnapshotStore store, Map<String, Integer> pairs)
      throws IOException {
    Optional<Snapshot> current = store.current();
    return SnapshotStoreTest.commit(
        store, current, pairs, current.map(Snapshot::version).orElse(null));
  }

  /** Every shopper of a version with their pair count. */
  public static Map<String, Integer> shoppers(SnapshotStore store, SnapshotManifest manifest) {
    return SnapshotStoreTest.readAll(store, manifest);
  }
}
