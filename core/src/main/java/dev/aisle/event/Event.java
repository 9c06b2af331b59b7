package dev.aisle.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One normalized interaction: what is stored in the events table and published, as JSON, to the
 * interactions topic (key = userId). Every field has been validated; {@code eventId} and {@code
 * timestamp} are always set (the api fills in defaults).
 *
 * @param value the rating (0–5) for {@link EventType#RATING}, the quantity for {@link
 *     EventType#PURCHASE}; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    String eventId,
    String userId,
    String itemId,
    EventType type,
    Double value,
    Instant timestamp,
    String sessionId,
    Map<String, String> context) {

  public Event {
    context = context == null ? Map.of() : Map.copyOf(context);
  }
}
