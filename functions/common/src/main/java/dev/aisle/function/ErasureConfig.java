package dev.aisle.function;

import dev.aisle.storage.ShopperHash;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Shopper erasure ({@code aisle.erasure.*}; environment {@code AISLE_ERASURE_SALT}, …), shared by
 * the api (which records a request) and the stream function (which carries it out and drops late
 * events). Without a salt erasure is off: {@code POST /erasures} answers 503 and the stream
 * dead-letters erasure commands.
 */
@ConfigMapping(prefix = "aisle.erasure")
public interface ErasureConfig {

  /**
   * The salt of the shopper-id hash that erasure records and tombstones keep (at least 16
   * characters; the same value in the api, the stream function and the trainer). Never logged.
   * Changing it orphans the live tombstones.
   */
  Optional<String> salt();

  /** How long after an erasure late events of that shopper are dropped. */
  @WithDefault("P30D")
  Duration tombstoneTtl();

  /** How long an erasure record can be looked up with {@code GET /erasures}. */
  @WithDefault("P365D")
  Duration recordRetention();

  /** BatchWriteItem requests in flight at once while deleting a shopper's events. */
  @WithDefault("8")
  int parallelism();

  /**
   * The training snapshot's prefix in the models bucket (the trainer's default beside {@code
   * models/}).
   */
  @WithDefault("snapshots/")
  String snapshotPrefix();

  /** The hash of this salt, or empty when erasure is off. */
  default Optional<ShopperHash> hash() {
    return salt().filter(s -> !s.isBlank()).map(ShopperHash::new);
  }
}
