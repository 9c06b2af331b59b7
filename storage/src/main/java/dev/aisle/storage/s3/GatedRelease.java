package dev.aisle.storage.s3;

import dev.aisle.model.ModelManifest;
import dev.aisle.snapshot.SnapshotStorage;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a model folder to a {@link ModelStore} only when the {@link ReleaseGate} lets it replace
 * the current model: reads CURRENT (version and ETag), lets the gate compare against that version's
 * manifest, uploads data files, then the manifest, then moves CURRENT with a conditional write from
 * the state it read. A failure anywhere before CURRENT leaves the served model untouched; a current
 * manifest that cannot be read keeps the new model out (fails closed); a CURRENT moved by another
 * run meanwhile is not overwritten ({@link CurrentMovedException}).
 */
public final class GatedRelease {

  private static final Logger LOG = LoggerFactory.getLogger(GatedRelease.class);

  private final ModelStore store;

  public GatedRelease(ModelStore store) {
    this.store = store;
  }

  /**
   * @throws CurrentMovedException when another writer moved CURRENT after this one read it (this
   *     run's files are removed again: a version that never became CURRENT is not kept)
   */
  public ReleaseGate.Decision release(Path modelDir, ModelManifest manifest, ReleaseGate gate) {
    Optional<SnapshotStorage.Pointer> current = store.current();
    ReleaseGate.Decision decision = decide(manifest, current, gate);
    if (!decision.publish()) {
      LOG.warn(
          "event=model_gated bucket={} version={} reason=\"{}\"",
          store.bucket(),
          manifest.version(),
          decision.reason());
      return decision;
    }
    store.upload(modelDir, manifest.version());
    try {
      store.moveCurrent(current, manifest.version());
    } catch (CurrentMovedException lost) {
      LOG.warn(
          "event=model_publish_race_lost bucket={} version={} expected={}",
          store.bucket(),
          manifest.version(),
          current.map(SnapshotStorage.Pointer::version).orElse("none"));
      removeQuietly(manifest.version());
      throw lost;
    }
    LOG.info(
        "event=model_published bucket={} prefix={} version={} reason=\"{}\"",
        store.bucket(),
        store.prefix(),
        manifest.version(),
        decision.reason());
    return decision;
  }

  private ReleaseGate.Decision decide(
      ModelManifest candidate, Optional<SnapshotStorage.Pointer> current, ReleaseGate gate) {
    if (current.isEmpty()) {
      return gate.decide(candidate, Optional.empty());
    }
    String version = current.get().version();
    ModelManifest theirs;
    try {
      theirs = store.manifest(version);
    } catch (RuntimeException e) {
      LOG.warn("event=current_manifest_unreadable version={} error={}", version, e.toString());
      return gate.decideUnreadable(candidate, version, e);
    }
    return gate.decide(candidate, Optional.of(theirs));
  }

  private void removeQuietly(String version) {
    if (store.currentVersion().filter(version::equals).isPresent()) {
      return; // the winner published under the same name: its files are these
    }
    try {
      store.deleteVersion(version);
    } catch (RuntimeException e) {
      LOG.warn("event=model_cleanup_failed version={} error={}", version, e.toString());
    }
  }
}
