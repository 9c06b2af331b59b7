package dev.aisle.storage.s3;

import dev.aisle.model.Model;
import dev.aisle.parallel.DaemonThreads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a container serves: loaded from {@link ModelStore} on first use, then refreshed off the
 * request path when CURRENT names another version (checked every {@code refreshInterval}).
 *
 * <p>A missing, unreadable or corrupt model never replaces the last good one. Failures are logged
 * once: a rejected version at error level when first rejected, an unreachable bucket at warn level
 * when it first fails (and at info level when it answers again). A rejected version is tried again
 * only after {@link #RETRY_REJECTED} (a transient read error must not block a sound version for the
 * container's lifetime), or at once when CURRENT moves on. A version refused by a memory budget
 * ({@link ModelRefusedException}) or that ran the heap out during its load is treated the same way,
 * and no Error stops the refresh schedule.
 */
public final class CurrentModel implements AutoCloseable {

  /** How long a rejected version is left alone before it is read again. */
  public static final Duration RETRY_REJECTED = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(CurrentModel.class);

  private final Supplier<Optional<String>> currentVersion;
  private final String bucket;
  private final Duration refreshInterval;
  private final AtomicReference<Model> model = new AtomicReference<>();
  private final Consumer<Model> onChange;
  private final Function<String, Model> loader;
  private volatile ScheduledExecutorService refresher;
  // touched by the refreshing thread only (refresh() is synchronized)
  private String rejectedVersion;
  private long rejectedAtNanos;
  private boolean checkFailing;

  public CurrentModel(ModelStore store, Duration refreshInterval) {
    this(store, refreshInterval, m -> {});
  }

  /**
   * @param onChange called (on the refreshing thread, before {@link #get} returns it) with each
   *     newly loaded model
   */
  public CurrentModel(ModelStore store, Duration refreshInterval, Consumer<Model> onChange) {
    this(store, refreshInterval, store::load, onChange);
  }

  /**
   * @param loader reads one version (e.g. in parallel parts, without the parts that can follow
   *     later)
   */
  public CurrentModel(
      ModelStore store,
      Duration refreshInterval,
      Function<String, Model> loader,
      Consumer<Model> onChange) {
    this(store::currentVersion, store.bucket(), refreshInterval, loader, onChange);
  }

  /**
   * @param currentVersion reads what {@code models/CURRENT} names (empty while nothing is
   *     published)
   * @param bucket where, for the logs
   */
  public CurrentModel(
      Supplier<Optional<String>> currentVersion,
      String bucket,
      Duration refreshInterval,
      Function<String, Model> loader,
      Consumer<Model> onChange) {
    this.currentVersion = currentVersion;
    this.bucket = bucket;
    this.refreshInterval = refreshInterval;
    this.loader = loader;
    this.onChange = onChange;
  }

  /** The last good model; the first call loads it (and starts the background refresh). */
  public Optional<Model> get() {
    if (refresher == null) {
      start();
    }
    return Optional.ofNullable(model.get());
  }

  /**
   * The model loaded so far, without loading one or starting the refresh (e.g. for a health check).
   */
  public Optional<Model> loaded() {
    return Optional.ofNullable(model.get());
  }

  private synchronized void start() {
    if (refresher != null) {
      return;
    }
    refreshSurviving();
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("aisle-model-refresh"));
    long millis = Math.max(100, refreshInterval.toMillis());
    executor.scheduleWithFixedDelay(this::refreshSurviving, millis, millis, TimeUnit.MILLISECONDS);
    refresher = executor;
  }

  /**
   * The scheduled task's body. A scheduled executor silently cancels every later run of a task that
   * throws, so nothing may escape: an OutOfMemoryError (or any Error) while a model loads, or in a
   * listener, is logged and the next check runs on schedule; the served model stays.
   */
  void refreshSurviving() {
    try {
      refresh();
    } catch (Throwable e) {
      LOG.error(
          "event=model_refresh_failed kept={} error={}",
          loaded().map(Model::version).orElse("none"),
          e.toString());
    }
  }

  /** Checks CURRENT now and loads the version it names if it is new and sound. */
  public synchronized void refresh() {
    String version = currentVersion();
    Model loaded = model.get();
    if (version == null
        || loaded != null && version.equals(loaded.version())
        || recentlyRejected(version)) {
      return;
    }
    long started = System.nanoTime();
    Model next;
    try {
      next = loader.apply(version);
    } catch (RuntimeException | OutOfMemoryError e) {
      // a refused model was logged and counted by its budget; a model that did not fit in the
      // heap is as unusable as a corrupt one: either way the last good model stays
      if (!version.equals(rejectedVersion) && !(e instanceof ModelRefusedException)) {
        LOG.error(
            "event=model_rejected version={} kept={} error={}",
            version,
            loaded == null ? "none" : loaded.version(),
            e.toString());
      }
      rejectedVersion = version;
      rejectedAtNanos = System.nanoTime();
      return;
    }
    rejectedVersion = null;
    model.set(next);
    LOG.info(
        "event=model_loaded version={} format={} items={} factors={} graph={} millis={}",
        version,
        next.manifest().formatVersion(),
        next.items().size(),
        next.factors(),
        next.graph() != null,
        (System.nanoTime() - started) / 1_000_000);
    try {
      onChange.accept(next);
    } catch (RuntimeException e) {
      LOG.error("event=model_listener_failed version={} error={}", version, e.toString());
    }
  }

  private String currentVersion() {
    try {
      String version = currentVersion.get().orElse(null);
      if (checkFailing) {
        checkFailing = false;
        LOG.info("event=model_check_recovered bucket={}", bucket);
      }
      return version;
    } catch (RuntimeException e) {
      if (!checkFailing) {
        checkFailing = true;
        LOG.warn("event=model_check_failed bucket={} error={}", bucket, e.toString());
      }
      return null;
    }
  }

  private boolean recentlyRejected(String version) {
    return version.equals(rejectedVersion)
        && System.nanoTime() - rejectedAtNanos < RETRY_REJECTED.toNanos();
  }

  /**
   * Stops the refresh; a load in flight finishes (its HTTP request is not aborted) on its daemon
   * thread.
   */
  @Override
  public void close() {
    ScheduledExecutorService executor = refresher;
    if (executor != null) {
      executor.shutdown();
    }
  }
}
