package dev.aisle.storage;

import dev.aisle.model.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a container serves: loaded from {@link ModelStore} on first use, then refreshed off
 * the request path when CURRENT names another version (checked every {@code refreshInterval}).
 * A missing, unreadable or corrupt model never replaces the last good one; each failing version is
 * logged once.
 */
public final class CurrentModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CurrentModel.class);

  private final ModelStore store;
  private final Duration refreshInterval;
  private final AtomicReference<Model> model = new AtomicReference<>();
  private final AtomicReference<String> lastFailedVersion = new AtomicReference<>();
  private final Consumer<Model> onChange;
  private volatile ScheduledExecutorService refresher;

  public CurrentModel(ModelStore store, Duration refreshInterval) {
    this(store, refreshInterval, m -> {});
  }

  /** @param onChange called (on the refresh thread) with each newly loaded model */
  public CurrentModel(ModelStore store, Duration refreshInterval, Consumer<Model> onChange) {
    this.store = store;
    this.refreshInterval = refreshInterval;
    this.onChange = onChange;
  }

  /** The last good model; the first call loads it (and starts the background refresh). */
  public Optional<Model> get() {
    if (refresher == null) {
      start();
    }
    return Optional.ofNullable(model.get());
  }

  private synchronized void start() {
    if (refresher != null) {
      return;
    }
    refresh();
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aisle-model-refresh");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(100, refreshInterval.toMillis());
    executor.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    refresher = executor;
  }

  /** Checks CURRENT now and loads the version it names if it is new and sound. */
  public void refresh() {
    String version;
    try {
      version = store.currentVersion().orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("event=model_check_failed bucket={} error={}", store.bucket(), e.toString());
      return;
    }
    Model loaded = model.get();
    if (version == null || loaded != null && version.equals(loaded.version())
        || version.equals(lastFailedVersion.get())) {
      return;
    }
    long started = System.nanoTime();
    try {
      Model next = store.load(version);
      model.set(next);
      LOG.info("event=model_loaded version={} users={} items={} factors={} millis={}", version,
          next.users().size(), next.items().size(), next.factors(), (System.nanoTime() - started) / 1_000_000);
      onChange.accept(next);
    } catch (RuntimeException e) {
      lastFailedVersion.set(version);
      LOG.error("event=model_rejected version={} kept={} error={}", version,
          loaded == null ? "none" : loaded.version(), e.toString());
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService executor = refresher;
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
