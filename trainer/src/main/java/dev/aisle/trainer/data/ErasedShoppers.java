package dev.aisle.trainer.data;

import dev.aisle.storage.ShopperHash;
import java.util.Set;

/**
 * The shoppers the trainer must skip: those with a live erasure tombstone. Tombstones hold only the
 * salted hash of an id, so each row's shopper id is hashed with the same salt and looked up; rows
 * of one shopper come together (a scan or query returns a partition's rows in a run), so the last
 * answer is remembered per thread and most rows cost a string comparison, not an HMAC.
 */
public final class ErasedShoppers {

  /** Nobody erased (no tombstone, or erasure not configured). */
  public static final ErasedShoppers NONE = new ErasedShoppers(null, Set.of());

  private record Last(String userId, boolean erased) {}

  private final ShopperHash hash;
  private final Set<String> tombstones;
  private final ThreadLocal<Last> last = new ThreadLocal<>();

  public ErasedShoppers(ShopperHash hash, Set<String> tombstones) {
    this.hash = hash;
    this.tombstones = Set.copyOf(tombstones);
  }

  public int size() {
    return tombstones.size();
  }

  public boolean erased(String userId) {
    if (tombstones.isEmpty() || userId == null) {
      return false;
    }
    Last seen = last.get();
    if (seen != null && seen.userId().equals(userId)) {
      return seen.erased();
    }
    boolean erased = tombstones.contains(hash.of(userId));
    last.set(new Last(userId, erased));
    return erased;
  }
}
