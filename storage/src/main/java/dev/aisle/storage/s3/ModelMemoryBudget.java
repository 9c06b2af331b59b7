package dev.aisle.storage.s3;

import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelFootprint;
import dev.aisle.model.ModelManifest;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much heap one model may take in this container, checked against the manifest before a byte of
 * the model is read ({@link ModelFootprint}). A model over the budget is refused: the caller keeps
 * the model it serves, one structured line is logged and {@code ModelRefused} is counted. Without
 * the check, a model too large for the heap fails with an OutOfMemoryError half-way through its
 * load, which takes other threads' allocations down with it.
 */
public final class ModelMemoryBudget {

  /**
   * The default share of the maximum heap: during a swap the served model and the new one are both
   * in memory, and requests need the rest.
   */
  public static final double DEFAULT_HEAP_SHARE = 0.4;

  private static final Logger LOG = LoggerFactory.getLogger(ModelMemoryBudget.class);

  private final long bytes;
  private final Metrics metrics;

  public ModelMemoryBudget(long bytes, Metrics metrics) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive: " + bytes);
    }
    this.bytes = bytes;
    this.metrics = metrics;
  }

  /** {@link #DEFAULT_HEAP_SHARE} of this JVM's maximum heap. */
  public static ModelMemoryBudget shareOfHeap(Metrics metrics) {
    return new ModelMemoryBudget(
        (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE), metrics);
  }

  public long bytes() {
    return bytes;
  }

  /**
   * @throws ModelRefusedException when the model, read with {@code parts}, would take more than the
   *     budget
   */
  public void admit(ModelManifest manifest, ModelFiles.Parts parts, String kept) {
    long needed = ModelFootprint.bytes(manifest, parts);
    if (needed <= bytes) {
      return;
    }
    LOG.warn(
        "event=model_refused version={} items={} factors={} neededBytes={} budgetBytes={} kept={}",
        manifest.version(),
        manifest.items(),
        manifest.factors(),
        needed,
        bytes,
        kept);
    if (metrics != null) {
      metrics.emit(Metrics.Value.count(MetricNames.MODEL_REFUSED, 1));
    }
    throw new ModelRefusedException(manifest.version(), needed, bytes);
  }
}
