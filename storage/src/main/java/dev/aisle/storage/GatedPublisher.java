package dev.aisle.storage;

import dev.aisle.model.ModelManifest;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model folder to a {@link ModelStore} only when the {@link PublishGate} lets it
 * replace the current model: uploads data files, then the manifest, then points CURRENT at it.
 * A failure anywhere before CURRENT leaves the served model untouched.
 */
public final class GatedPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(GatedPublisher.class);

  private final ModelStore store;

  public GatedPublisher(ModelStore store) {
    this.store = store;
  }

  public PublishGate.Decision publish(Path modelDir, ModelManifest manifest, PublishGate gate) {
    PublishGate.Decision decision = gate.decide(manifest, currentManifest());
    if (decision.publish()) {
      store.publish(modelDir, manifest.version());
      LOG.info("event=model_published bucket={} prefix={} version={} reason=\"{}\"", store.bucket(), store.prefix(),
          manifest.version(), decision.reason());
    } else {
      LOG.warn("event=model_gated bucket={} version={} reason=\"{}\"", store.bucket(), manifest.version(),
          decision.reason());
    }
    return decision;
  }

  /** The current model's manifest; an unreadable one cannot protect anything and counts as absent. */
  public Optional<ModelManifest> currentManifest() {
    Optional<String> version = store.currentVersion();
    if (version.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(store.manifest(version.get()));
    } catch (RuntimeException e) {
      LOG.warn("event=current_manifest_unreadable version={} error={}", version.get(), e.toString());
      return Optional.empty();
    }
  }
}
