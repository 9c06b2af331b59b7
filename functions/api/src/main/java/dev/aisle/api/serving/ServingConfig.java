package dev.aisle.api.serving;

import dev.aisle.storage.AwsClients;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Serving settings ({@code aisle.serving.*}; environment {@code AISLE_SERVING_MODEL_REFRESH} …).
 * Every refresh runs on a background thread, never on the request path.
 */
@ConfigMapping(prefix = "aisle.serving")
public interface ServingConfig {

  /** How often models/CURRENT is checked for a new version. */
  @WithDefault("30s")
  Duration modelRefresh();

  /** Load the model when the container starts instead of on the first request. */
  @WithDefault("true")
  boolean preload();

  /**
   * How often the catalog's changes since the model's cut (and so its unavailable items) are
   * re-read.
   */
  @WithDefault("30s")
  Duration unavailableRefresh();

  /** How often the CDN bucket's segments/index.json is re-read. */
  @WithDefault("5m")
  Duration segmentsRefresh();

  /**
   * How often the content index is rebuilt (shipped catalog plus changes); 0 turns content
   * similarity off.
   */
  @WithDefault("10m")
  Duration catalogRefresh();

  /** Weight of factor cosine against content similarity in GET /similar, 0..1. */
  @WithDefault("0.7")
  float similarFactorWeight();

  /**
   * How many of a shopper's latest events are read per request (one query on the events table's
   * byTime index): their purchases are excluded, and a shopper without user-state is folded in from
   * them; 0 skips the query.
   */
  @WithDefault("50")
  int recentEvents();

  /**
   * Share of a personalized list's places given to catalog items the model has not seen yet (⌊k ·
   * share⌋ places; 0 turns exploration off). Needs content similarity (catalog-refresh &gt; 0).
   */
  @WithDefault("0.1")
  double explorationShare();

  /** Top-K scans of at least this many floats (items × factors) are split across the cores. */
  @WithDefault("4194304")
  long splitMinFloats();

  /**
   * Whether a cold start's model serves before the SHA-256 of its factor file's parts is checked
   * (checked right after, on a background thread; a mismatch withdraws it). Replacing models are
   * always checked before they serve. Small factor files (no parts) are always checked before.
   */
  @WithDefault("true")
  boolean verifyAfterFirstServe();

  /** Parallel reads (files, and parts of the factor file) when a model is loaded. */
  @WithDefault("8")
  int loadParallelism();

  /**
   * The beam of the item-graph search (efSearch) for models that ship a graph: recall against the
   * exact scan grows with it, and so does the time per request (docs/serving.md has the figures).
   */
  @WithDefault("100")
  int annEf();

  /**
   * One attempt of a request-path DynamoDB read (user-state, latest events, attributes): past it
   * the SDK retries on a fresh connection. These reads have a fallback, so they are cut short.
   */
  @WithDefault("250ms")
  Duration readAttemptTimeout();

  /**
   * A whole request-path DynamoDB read, retries included: past it the read counts as failed and the
   * answer degrades (no fresh vector, no recent events: a segment or popular list).
   */
  @WithDefault("600ms")
  Duration readCallTimeout();

  default AwsClients.Timeouts readTimeouts() {
    return new AwsClients.Timeouts(readAttemptTimeout(), readCallTimeout());
  }

  /**
   * The heap one model may take (e.g. {@code 600M}); a model whose manifest says it needs more is
   * refused before it is read and the served model stays. Absent: 40 % of the maximum heap (during
   * a swap the old and the new model are both in memory).
   */
  Optional<MemorySize> modelMemoryBudget();

  /**
   * Below this share of the catalog left eligible by a filter, the exact scan is used instead of
   * the graph.
   */
  @WithDefault("0.05")
  double annMinEligibleShare();
}
