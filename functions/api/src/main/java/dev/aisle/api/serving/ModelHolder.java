package dev.aisle.api.serving;

import dev.aisle.model.Model;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.CurrentModel;
import dev.aisle.storage.ModelStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The served model of this container: {@link CurrentModel} over the models bucket (lazy first load,
 * background refresh when models/CURRENT changes, last good model kept) plus the derived
 * {@link ServingModel}, built on the loading thread before the new model is served.
 */
@ApplicationScoped
public class ModelHolder {

  private final CurrentModel current;
  private final AtomicReference<ServingModel> serving = new AtomicReference<>();
  private final ExecutorService scanPool;
  private final boolean preload;

  ModelHolder(AisleSettings settings, S3Client s3, ServingConfig config) {
    int cores = Runtime.getRuntime().availableProcessors();
    // the calling thread scans one range itself: cores − 1 helpers
    this.scanPool = cores > 1 ? DaemonThreads.fixedPool("aisle-topk", cores - 1) : null;
    this.preload = config.preload();
    this.current = new CurrentModel(new ModelStore(s3, settings.modelsBucket()), config.modelRefresh(),
        model -> serving.set(new ServingModel(model, scanPool, cores, config.splitMinFloats())));
  }

  void preload(@Observes StartupEvent event) {
    if (preload) {
      DaemonThreads.named("aisle-model-preload").newThread(current::get).start();
    }
  }

  /** The served model, loading it on the first call; empty while no sound model was ever loaded. */
  Optional<ServingModel> current() {
    current.get();
    return Optional.ofNullable(serving.get());
  }

  /** The version loaded so far, without triggering a load (for /health). */
  public Optional<String> loadedVersion() {
    return current.loaded().map(Model::version);
  }

  @PreDestroy
  void close() {
    current.close();
    if (scanPool != null) {
      scanPool.shutdownNow();
    }
  }
}
