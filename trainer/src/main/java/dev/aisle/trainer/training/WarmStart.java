package dev.aisle.trainer.training;

import dev.aisle.ann.ItemGraph;
import dev.aisle.model.CorruptModelException;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The previous model's item factors, to start an incremental run's ALS from them (matched by item
 * id; new items start random). Read through {@link ModelRepository} as serving reads a model; only
 * the item ids, factors and graph (which an incremental run may extend) are kept.
 */
public final class WarmStart {

  private final String version;
  private final IdIndex items;
  private final float[] factors;
  private final int k;
  private final ItemGraph graph;

  private WarmStart(String version, IdIndex items, float[] factors, int k, ItemGraph graph) {
    this.version = version;
    this.items = items;
    this.factors = factors;
    this.k = k;
    this.graph = graph;
  }

  /** The served model at {@code location}, when there is one with {@code k} factors. */
  public static Optional<WarmStart> from(ModelLocation location, int k, Consumer<String> progress) {
    Model model;
    try (ModelRepository repository = new ModelRepository(location)) {
      if (repository.currentVersion().isEmpty()) {
        return Optional.empty();
      }
      model = repository.read();
    } catch (CorruptModelException | IllegalArgumentException e) {
      progress.accept(
          "warm start: no usable previous model at "
              + location
              + " ("
              + e.getMessage()
              + "); cold start");
      return Optional.empty();
    }
    if (model.factors() != k) {
      progress.accept(
          "warm start: model "
              + model.version()
              + " has "
              + model.factors()
              + " factors, this run "
              + k
              + "; cold start");
      return Optional.empty();
    }
    return Optional.of(
        new WarmStart(
            model.version(), model.items(), model.itemFactors().data(), k, model.graph()));
  }

  public String version() {
    return version;
  }

  /** The previous model's item ids (rows of its factors and graph). */
  public IdIndex items() {
    return items;
  }

  /** The previous model's item factors, items × k. */
  public float[] factors() {
    return factors;
  }

  /** The previous model's item graph; null when it shipped none. */
  public ItemGraph graph() {
    return graph;
  }

  /**
   * Copies the known items' factors into ALS's starting factors ({@code items} rows × k).
   *
   * @param progress told how many items matched
   */
  public Consumer<float[]> initializer(IdIndex runItems, Consumer<String> progress) {
    return y -> {
      int matched = 0;
      for (int i = 0; i < runItems.size(); i++) {
        int old = items.rowOf(runItems.idAt(i));
        if (old >= 0) {
          System.arraycopy(factors, old * k, y, i * k, k);
          matched++;
        }
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "warm start from model %s: %d of %d items matched, %d new",
              version,
              matched,
              runItems.size(),
              runItems.size() - matched));
    };
  }
}
