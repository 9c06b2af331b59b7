package dev.aisle.serving;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a shopper's recommendations came from, in order of preference. */
public enum Source {
  /** The shopper's vector, folded in from events the served model had not seen yet. */
  REALTIME,
  /** The shopper's vector, folded in from events the served model had seen. */
  PERSONALIZED,
  /** The list of the segment the shopper's attributes and context fall in. */
  SEGMENT,
  /** The model's popular items: for shoppers nothing is known about. */
  POPULAR;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
