package dev.aisle.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What a shopper did with an item, from the weakest to the strongest signal. */
public enum EventType {
  VIEW("view"),
  CLICK("click"),
  ADD_TO_CART("add_to_cart"),
  PURCHASE("purchase"),
  RATING("rating");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire and in files: {@code view}, {@code add_to_cart}, … */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The type for a wire name, ignoring case; empty for anything else. */
  public static Optional<EventType> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (EventType type : values()) {
      if (type.wireName.equals(lower)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static EventType parse(String name) {
    return fromWire(name)
        .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + name));
  }
}
