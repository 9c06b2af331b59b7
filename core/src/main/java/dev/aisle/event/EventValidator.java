package dev.aisle.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.validation.BatchBody;
import dev.aisle.validation.JsonFields;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of {@code POST /events} ({@code {"events":[...]}}): reads each event of the request
 * into a normalized {@link Event} (event id generated when absent, timestamp defaulting to now,
 * truncated to milliseconds as stored) or reports every violation of every event.
 *
 * <ul>
 *   <li>{@code userId}, {@code itemId}: required, 1–128 characters;
 *   <li>{@code type}: required, one of {@code view|click|add_to_cart|purchase|rating};
 *   <li>{@code eventId}, {@code sessionId}: optional, 1–128 characters;
 *   <li>{@code value}: required for {@code rating} (0–5); optional for {@code purchase} (the
 *       quantity, a whole number 1–10,000); not allowed for other types;
 *   <li>{@code timestamp}: optional ISO-8601 with offset; from 2000-01-01 to 5 minutes ahead of
 *       now;
 *   <li>{@code context}: optional object of at most 16 strings (keys 1–64, values 1–128
 *       characters);
 *   <li>any other field is rejected. Every string: no control characters, valid Unicode, not blank.
 * </ul>
 */
public final class EventValidator {

  public static final int MAX_EVENTS = 500;
  public static final int MAX_ID_LENGTH = dev.aisle.validation.Ids.MAX_LENGTH;
  public static final int MAX_CONTEXT_ENTRIES = 16;
  public static final int MAX_CONTEXT_KEY_LENGTH = 64;
  public static final int MAX_CONTEXT_VALUE_LENGTH = 128;
  public static final double MAX_RATING = 5;
  public static final double MAX_QUANTITY = 10_000;
  public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private static final List<String> FIELDS =
      List.of("eventId", "userId", "itemId", "type", "value", "timestamp", "sessionId", "context");
  private static final String TYPES = "view, click, add_to_cart, purchase, rating";

  private final Clock clock;

  public EventValidator(Clock clock) {
    this.clock = clock;
  }

  public Validated<Event> validate(JsonNode body) {
    List<Violation> violations = new ArrayList<>();
    JsonNode elements = BatchBody.elements(body, "events", MAX_EVENTS, violations);
    List<Event> events = new ArrayList<>();
    if (elements != null) {
      Instant now = clock.instant();
      for (int i = 0; i < elements.size(); i++) {
        Event event = read(JsonFields.of(elements.get(i), i, violations), now);
        if (event != null) {
          events.add(event);
        }
      }
    }
    return Validated.of(events, violations);
  }

  private Event read(JsonFields f, Instant now) {
    f.rejectUnknown(FIELDS);
    String eventId = f.optionalText("eventId", MAX_ID_LENGTH);
    String userId = f.requiredText("userId", MAX_ID_LENGTH);
    String itemId = f.requiredText("itemId", MAX_ID_LENGTH);
    EventType type = type(f);
    Double value = value(f, type);
    Instant timestamp = timestamp(f, now);
    String sessionId = f.optionalText("sessionId", MAX_ID_LENGTH);
    Map<String, String> context =
        f.optionalTextMap(
            "context", MAX_CONTEXT_ENTRIES, MAX_CONTEXT_KEY_LENGTH, MAX_CONTEXT_VALUE_LENGTH);
    if (!f.valid()) {
      return null;
    }
    return new Event(
        eventId != null ? eventId : EventIds.next(now),
        userId,
        itemId,
        type,
        value,
        timestamp != null ? timestamp : now.truncatedTo(ChronoUnit.MILLIS),
        sessionId,
        context);
  }

  private static EventType type(JsonFields f) {
    String name = f.requiredText("type", 32);
    if (name == null) {
      return null;
    }
    EventType type = EventType.fromWire(name).orElse(null);
    if (type == null) {
      f.violation("type", "unknown event type \"%s\"; expected one of %s".formatted(name, TYPES));
    }
    return type;
  }

  private static Double value(JsonFields f, EventType type) {
    if (type == null) {
      f.optionalNumber("value", -Double.MAX_VALUE, Double.MAX_VALUE);
      return null;
    }
    return switch (type) {
      case RATING -> {
        if (!f.has("value")) {
          f.violation("value", "is required for rating events (a number from 0 to 5)");
          yield null;
        }
        yield f.optionalNumber("value", 0, MAX_RATING);
      }
      case PURCHASE -> {
        Double quantity = f.optionalNumber("value", 1, MAX_QUANTITY);
        if (quantity != null && quantity != Math.rint(quantity)) {
          f.violation(
              "value",
              "the quantity of a purchase must be a whole number (got %s)".formatted(quantity));
          yield null;
        }
        yield quantity;
      }
      default -> {
        if (f.optionalNumber("value", -Double.MAX_VALUE, Double.MAX_VALUE) != null) {
          f.violation(
              "value",
              "is only allowed for rating (0 to 5) and purchase (quantity) events, not "
                  + type.wireName());
        }
        yield null;
      }
    };
  }

  private static Instant timestamp(JsonFields f, Instant now) {
    String text = f.optionalText("timestamp", 64);
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      f.violation(
          "timestamp",
          "must be an ISO-8601 timestamp with a zone offset, e.g. 2024-05-01T12:00:00Z (got \"%s\")"
              .formatted(text));
      return null;
    }
    if (at.isAfter(now.plus(MAX_FUTURE))) {
      f.violation(
          "timestamp",
          "must not be more than 5 minutes in the future of the server's clock (got %s)"
              .formatted(at));
      return null;
    }
    if (at.isBefore(EARLIEST)) {
      f.violation("timestamp", "must not be before " + EARLIEST + " (got " + at + ")");
      return null;
    }
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
