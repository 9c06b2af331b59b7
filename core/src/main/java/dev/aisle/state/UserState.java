package dev.aisle.state;

import dev.aisle.event.EventType;
import java.time.Instant;
import java.util.List;

/**
 * A shopper's real-time state, written by the stream updater and read by serving: the vector folded
 * in from their recent events against the item factors of {@code modelVersion}, their recent events
 * (newest first, bounded) and the items they bought (never recommended to them again).
 *
 * @param vector float32 factors, length = the model's rank; empty when no event hit a known item
 */
public record UserState(
    String userId,
    String modelVersion,
    Instant updatedAt,
    float[] vector,
    List<RecentEvent> recent,
    List<String> purchased) {

  public UserState {
    vector = vector == null ? new float[0] : vector;
    recent = recent == null ? List.of() : List.copyOf(recent);
    purchased = purchased == null ? List.of() : List.copyOf(purchased);
  }

  /** One event remembered for the next fold-in and for de-duplication by eventId. */
  public record RecentEvent(
      String eventId, String itemId, EventType type, Double value, Instant timestamp) {}
}
