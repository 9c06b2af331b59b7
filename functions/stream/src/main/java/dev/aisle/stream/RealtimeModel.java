package dev.aisle.stream;

import dev.aisle.als.FoldIn;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.storage.s3.CurrentModel;
import dev.aisle.storage.s3.ModelMemoryBudget;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.telemetry.Metrics;
import dev.aisle.telemetry.ModelAgeReporter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The published model as the stream updater uses it: {@link CurrentModel} (lazy load, refresh when
 * CURRENT changes, last good model kept) plus the fold-in prepared for it. Only what fold-in needs
 * is fetched: item ids, factors and the Gramian the model ships (format 1 models get theirs
 * computed once, at load); never shopper data, graph, catalog or similar items.
 */
public final class RealtimeModel implements AutoCloseable {

  /**
   * Parallel reads while a model loads: the files, and the 16 MiB parts of the factor file, wait on
   * the network.
   */
  private static final int LOAD_PARALLELISM = 8;

  private final AtomicReference<UserStateUpdater.ModelView> view = new AtomicReference<>();
  private final CurrentModel current;
  private final ExecutorService loadPool =
      DaemonThreads.fixedPool("aisle-model-load", LOAD_PARALLELISM);

  private final ModelMemoryBudget budget;
  private final ModelAgeReporter age;
  private final AtomicReference<ModelManifest> manifest = new AtomicReference<>();

  /** Without a memory budget or metrics (tests, tools). */
  public RealtimeModel(ModelStore store, Duration refreshInterval) {
    this(store, refreshInterval, null, null);
  }

  /**
   * @param budget checked against each new version's manifest before it is read; null: none
   * @param metrics where {@code ModelAgeSeconds} goes (at most once a minute); null: not reported
   */
  public RealtimeModel(
      ModelStore store, Duration refreshInterval, ModelMemoryBudget budget, Metrics metrics) {
    this.budget = budget;
    this.age = metrics == null ? null : ModelAgeReporter.everyMinute(metrics);
    this.current =
        new CurrentModel(store, refreshInterval, version -> load(store, version), this::prepare);
  }

  private Model load(ModelStore store, String version) {
    if (budget != null) {
      ModelManifest loaded = manifest.get();
      budget.admit(
          store.manifest(version),
          ModelFiles.Parts.FOLD_IN,
          loaded == null ? "none" : loaded.version());
    }
    return store.load(version, loadPool, ModelFiles.Parts.FOLD_IN);
  }

  /** The current model's view, or empty while nothing is published. */
  public Optional<UserStateUpdater.ModelView> get() {
    current.get();
    ModelManifest loaded = manifest.get();
    if (age != null && loaded != null) {
      age.observe(loaded);
    }
    return Optional.ofNullable(view.get());
  }

  private void prepare(Model model) {
    view.set(new UserStateUpdater.ModelView(model.version(), model.items(), FoldIn.of(model)));
    manifest.set(model.manifest());
  }

  @Override
  public void close() {
    current.close();
    loadPool.shutdown();
  }
}
