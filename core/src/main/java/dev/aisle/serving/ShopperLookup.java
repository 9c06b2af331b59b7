package dev.aisle.serving;

import java.util.Map;

/**
 * Where the per-shopper data of a recommendation comes from: the user-state and events tables in
 * serving and in batch {@code recommend}, an interactions file in batch runs, memory in tests
 * ({@link MemoryShoppers}). Implementations degrade rather than fail: a store that does not answer
 * gives less data, never an exception.
 */
public interface ShopperLookup {

  Shopper find(String userId);

  /**
   * The shopper's stored attributes (country, device…), for choosing a segment; empty when none.
   */
  default Map<String, String> attributes(String userId) {
    return Map.of();
  }
}
