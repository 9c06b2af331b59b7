package dev.aisle.stream;

import dev.aisle.als.FoldIn;
import dev.aisle.model.Model;
import dev.aisle.storage.CurrentModel;
import dev.aisle.storage.ModelStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The published model as the stream updater uses it: {@link CurrentModel} (lazy load, refresh
 * when CURRENT changes, last good model kept) plus the fold-in prepared for it, whose item
 * gramian is computed once per model version, when the model is loaded.
 */
public final class RealtimeModel implements AutoCloseable {

  private final AtomicReference<UserStateUpdater.ModelView> view = new AtomicReference<>();
  private final CurrentModel current;

  public RealtimeModel(ModelStore store, Duration refreshInterval) {
    this.current = new CurrentModel(store, refreshInterval, this::prepare);
  }

  /** The current model's view, or empty while nothing is published. */
  public Optional<UserStateUpdater.ModelView> get() {
    current.get();
    return Optional.ofNullable(view.get());
  }

  private void prepare(Model model) {
    view.set(new UserStateUpdater.ModelView(model.version(), model.items(), FoldIn.of(model)));
  }

  @Override
  public void close() {
    current.close();
  }
}
