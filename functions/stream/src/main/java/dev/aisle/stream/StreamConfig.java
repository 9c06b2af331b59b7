package dev.aisle.stream;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The stream updater's settings ({@code aisle.stream.*}; as environment variables {@code
 * AISLE_STREAM_RECENT_SIZE}, …). Stores, topics and endpoints come from {@link
 * dev.aisle.function.AisleConfig}.
 */
@ConfigMapping(prefix = "aisle.stream")
public interface StreamConfig {

  /** Events remembered per shopper: the fold-in window and the de-duplication window. */
  @WithDefault("50")
  int recentSize();

  /** Purchased item ids remembered per shopper (never recommended to them again). */
  @WithDefault("500")
  int purchasedSize();

  /** How often the models bucket's CURRENT is checked for a new model. */
  @WithDefault("10s")
  Duration modelRefresh();

  /**
   * The heap the model's fold-in side may take (e.g. {@code 400M}); a model whose manifest says it
   * needs more is refused before it is read and the loaded model stays. Absent: 40 % of the maximum
   * heap.
   */
  Optional<MemorySize> modelMemoryBudget();

  /** Shoppers of one batch updated at once. */
  @WithDefault("4")
  int parallelism();

  /**
   * Answer failed records as {@code batchItemFailures} (the event source mapping needs {@code
   * FunctionResponseTypes=ReportBatchItemFailures}); when false, any failed record fails the whole
   * invocation, so an event source without partial batch responses retries the batch.
   */
  @WithDefault("true")
  boolean reportBatchItemFailures();

  /** The local event-source poller (the {@code -Dlocal} build only). */
  Poller poller();

  interface Poller {

    /** Consumer group; tests use their own. */
    @WithDefault("aisle-stream")
    String groupId();

    /** Records per invocation at most (the event source mapping's batch size). */
    @WithDefault("500")
    int batchSize();

    /** Wait after a failed invocation before redelivering, doubled up to ten times this. */
    @WithDefault("500ms")
    Duration retryBackoff();
  }
}
