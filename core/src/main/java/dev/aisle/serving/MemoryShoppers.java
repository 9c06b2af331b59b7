package dev.aisle.serving;

import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shoppers held in memory: for unit tests of the policy, and for batch {@code recommend} from an
 * interactions file (each shopper's events, newest first, as the events table would give them).
 */
public final class MemoryShoppers implements ShopperLookup {

  private final Map<String, UserState> states = new HashMap<>();
  private final Map<String, List<RecentEvent>> events = new HashMap<>();
  private final Map<String, Instant> acceptedAt = new HashMap<>();
  private final Map<String, Map<String, String>> attributes = new HashMap<>();
  private final int latest;

  /**
   * @param latest how many of a shopper's newest events {@link #find} gives (the serving query's
   *     bound)
   */
  public MemoryShoppers(int latest) {
    this.latest = latest;
  }

  public MemoryShoppers state(UserState state) {
    states.put(state.userId(), state);
    return this;
  }

  /** Adds an event, accepted at {@code accepted} (null: at its timestamp). */
  public MemoryShoppers event(String userId, RecentEvent event, Instant accepted) {
    events.computeIfAbsent(userId, u -> new ArrayList<>()).add(event);
    Instant at = accepted != null ? accepted : event.timestamp();
    acceptedAt.merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
    return this;
  }

  public MemoryShoppers attributes(String userId, Map<String, String> values) {
    attributes.put(userId, Map.copyOf(values));
    return this;
  }

  public int size() {
    Map<String, Boolean> ids = new HashMap<>();
    states.keySet().forEach(id -> ids.put(id, true));
    events.keySet().forEach(id -> ids.put(id, true));
    return ids.size();
  }

  @Override
  public Shopper find(String userId) {
    List<RecentEvent> all = new ArrayList<>(events.getOrDefault(userId, List.of()));
    all.sort(Comparator.comparing(RecentEvent::timestamp).reversed());
    List<RecentEvent> newest = all.subList(0, Math.min(latest, all.size()));
    return new Shopper(userId, states.get(userId), newest, acceptedAt.get(userId));
  }

  @Override
  public Map<String, String> attributes(String userId) {
    return attributes.getOrDefault(userId, Map.of());
  }
}
