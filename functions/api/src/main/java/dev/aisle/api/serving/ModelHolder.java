package dev.aisle.api.serving;

import dev.aisle.model.CorruptModelException;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.serving.ServedModel;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.s3.CurrentModel;
import dev.aisle.storage.s3.ModelMemoryBudget;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.telemetry.Metrics;
import dev.aisle.telemetry.ModelAgeReporter;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The served model of this container: {@link CurrentModel} over the models bucket (lazy first load,
 * background refresh when models/CURRENT changes, last good model kept) plus the derived {@link
 * ServedModel}, built on the loading thread before the new model is served.
 *
 * <p>Loading is what a cold start waits for, so it is cut short: the files (and the parts of the
 * factor file) are fetched side by side with ranged GETs, and the similar items and the item graph
 * are left out of it. The first answers scan exactly (and /similar ranks by factor cosine); the
 * similar items, then the graph, follow on a background thread and are attached when verified.
 *
 * <p>When nothing is served yet (a cold start), the SHA-256 of the factor file's parts — most of a
 * large model's read — is checked after the model serves, on the same background thread and before
 * the similar items: a mismatch withdraws the model (answers fall back to popular, as with no
 * model) and is logged as {@code event=model_withdrawn}; the version is read again when CURRENT
 * moves on. A model that replaces a served one is checked in full before it serves: the old one
 * serves meanwhile, so nothing is gained by checking later. The start's phases are logged with
 * their time since the JVM started ({@code event=startup_phase}).
 */
@ApplicationScoped
public class ModelHolder {

  private static final Logger LOG = Logger.getLogger(ModelHolder.class);

  private final CurrentModel current;
  private final ModelStore store;
  private final AtomicReference<ServedModel> serving = new AtomicReference<>();
  private final ExecutorService scanPool;
  private final ExecutorService loadPool;
  private final boolean preload;
  private final ServedModel.SearchSettings search;

  /**
   * What the budget is checked against: everything a served model comes to hold (the similar items
   * and the graph follow the first answer); the catalog is read by the content index, apart.
   */
  private static final ModelFiles.Parts SERVED = new ModelFiles.Parts(true, false, true);

  private final ModelMemoryBudget budget;
  private final ModelAgeReporter age;
  private final boolean verifyAfterFirstServe;

  /** The model whose factor checksums are still to be checked (read at a cold start), or null. */
  private volatile Model unverified;

  private volatile boolean firstAnswerLogged;

  ModelHolder(AisleSettings settings, S3Client s3, ServingConfig config, Metrics metrics) {
    int cores = Runtime.getRuntime().availableProcessors();
    // the calling thread scans one range itself: cores − 1 helpers
    this.scanPool = cores > 1 ? DaemonThreads.fixedPool("aisle-topk", cores - 1) : null;
    // loading waits on the network: more parallel reads than cores
    this.loadPool = DaemonThreads.fixedPool("aisle-model-load", config.loadParallelism());
    this.preload = config.preload();
    this.search =
        new ServedModel.SearchSettings(
            scanPool, cores, config.splitMinFloats(), config.annEf(), config.annMinEligibleShare());
    this.store = new ModelStore(s3, settings.modelsBucket());
    this.budget =
        config
            .modelMemoryBudget()
            .map(size -> new ModelMemoryBudget(size.asLongValue(), metrics))
            .orElseGet(() -> ModelMemoryBudget.shareOfHeap(metrics));
    this.age = ModelAgeReporter.everyMinute(metrics);
    this.verifyAfterFirstServe = config.verifyAfterFirstServe();
    this.current = new CurrentModel(store, config.modelRefresh(), this::load, this::serve);
  }

  /** Checks the manifest against the memory budget before a byte of the model is read. */
  private Model load(String version) {
    long started = System.nanoTime();
    budget.admit(store.manifest(version), SERVED, loadedVersion().orElse("none"));
    long admitted = System.nanoTime();
    ModelFiles.Checksums checksums =
        verifyAfterFirstServe && serving.get() == null
            ? ModelFiles.Checksums.FACTOR_PARTS_AFTER
            : ModelFiles.Checksums.BEFORE;
    Model model =
        ModelFiles.read(store.source(version), loadPool, ModelFiles.Parts.ESSENTIAL, checksums);
    unverified = checksums == ModelFiles.Checksums.FACTOR_PARTS_AFTER ? model : null;
    LOG.infof(
        "event=model_read version=%s items=%d factors=%d checksums=%s manifestMillis=%d readMillis=%d",
        version,
        model.items().size(),
        model.factors(),
        checksums,
        (admitted - started) / 1_000_000,
        (System.nanoTime() - admitted) / 1_000_000);
    return model;
  }

  private void serve(Model model) {
    ServedModel served = new ServedModel(model, search);
    boolean first = serving.getAndSet(served) == null;
    if (first) {
      logPhase("model_served", served.version());
    }
    boolean check = model == unverified;
    unverified = null;
    loadPool.execute(
        () -> {
          if (!check || verified(served)) {
            completeInBackground(served);
          }
        });
  }

  /**
   * Checks the factor checksums of a model served unchecked; on a mismatch withdraws it (if it is
   * still the served one) and logs why. Returns whether it is sound.
   */
  private boolean verified(ServedModel served) {
    long started = System.nanoTime();
    try {
      ModelFiles.verifyFactors(served.model(), loadPool);
      LOG.infof(
          "event=model_verified version=%s millis=%d",
          served.version(), (System.nanoTime() - started) / 1_000_000);
      return true;
    } catch (CorruptModelException e) {
      boolean withdrawn = serving.compareAndSet(served, null);
      LOG.errorf(
          "event=model_withdrawn version=%s served=%s kept=none error=%s",
          served.version(), withdrawn ? "until_now" : "no_longer", e.getMessage());
      return false;
    }
  }

  private static void logPhase(String phase, String version) {
    LOG.infof(
        "event=startup_phase phase=%s version=%s sinceJvmStartMillis=%d cpuMillis=%d",
        phase, version, StartupClock.sinceJvmStartMillis(), StartupClock.cpuMillis());
  }

  /**
   * The parts a first answer does not wait for: similar items (for /similar), then the item graph.
   */
  private void completeInBackground(ServedModel served) {
    ModelManifest manifest = served.model().manifest();
    ServedModel current = served;
    if (manifest.similarPerItem() > 0) {
      current =
          attach(
              current,
              "similar_items",
              "factor_cosine",
              s ->
                  s.withSimilar(
                      ModelFiles.readSimilar(store.source(s.version()), manifest, loadPool)));
    }
    if (current != null && manifest.files().containsKey(ModelFiles.ITEM_GRAPH)) {
      attach(
          current,
          "item_graph",
          "exact_scan",
          s -> s.withGraph(ModelFiles.readGraph(store.source(s.version()), manifest)));
    }
  }

  /**
   * Serves what {@code step} makes of {@code base} if {@code base} is still the served model (a
   * newer one may have come meanwhile: then null); on a failure {@code base} stays, logged.
   */
  private ServedModel attach(
      ServedModel base, String what, String otherwise, UnaryOperator<ServedModel> step) {
    long started = System.nanoTime();
    try {
      ServedModel next = step.apply(base);
      if (!serving.compareAndSet(base, next)) {
        return null;
      }
      LOG.infof(
          "event=%s_loaded version=%s millis=%d",
          what, base.version(), (System.nanoTime() - started) / 1_000_000);
      return next;
    } catch (RuntimeException e) {
      LOG.errorf(
          "event=%s_rejected version=%s kept=%s error=%s",
          what, base.version(), otherwise, e.toString());
      return base;
    }
  }

  /**
   * The catalog shipped with {@code model}, fetched from the models bucket and verified (it is left
   * out of the load a cold start waits for: it serves background refreshes only).
   */
  ModelCatalog shippedCatalog(Model model) {
    return ModelFiles.readCatalog(store.source(model.version()), model.manifest());
  }

  void preload(@Observes StartupEvent event) {
    if (preload) {
      DaemonThreads.named("aisle-model-preload").newThread(current::get).start();
    }
    logPhase("quarkus_started", "none");
  }

  /** The served model, loading it on the first call; empty while no sound model was ever loaded. */
  Optional<ServedModel> current() {
    current.get();
    ServedModel served = serving.get();
    if (served != null) {
      age.observe(served.model().manifest());
      if (!firstAnswerLogged) {
        firstAnswerLogged = true;
        logPhase("first_answer", served.version());
      }
    }
    return Optional.ofNullable(served);
  }

  /**
   * The version served so far, without triggering a load (for /health): none after a withdrawal.
   */
  public Optional<String> loadedVersion() {
    return Optional.ofNullable(serving.get()).map(ServedModel::version);
  }

  @PreDestroy
  void close() {
    current.close();
    if (scanPool != null) {
      scanPool.shutdownNow();
    }
    loadPool.shutdown();
  }
}
