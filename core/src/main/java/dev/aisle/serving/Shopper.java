package dev.aisle.serving;

import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link ShopperLookup} knows of one shopper at request time.
 *
 * @param state their user-state row (the stream's vector, recent window and purchases), or null
 * @param latestEvents their newest events from the events table, newest first (bounded; may be
 *     empty when the read is off or failed)
 * @param latestAcceptedAt when the newest of {@code latestEvents} was accepted by the api, or null
 *     when unknown (then their timestamps stand in)
 */
public record Shopper(
    String userId, UserState state, List<RecentEvent> latestEvents, Instant latestAcceptedAt) {

  public Shopper {
    latestEvents = latestEvents == null ? List.of() : List.copyOf(latestEvents);
  }

  /** Nobody known by that id. */
  public static Shopper unknown(String userId) {
    return new Shopper(userId, null, List.of(), null);
  }
}
