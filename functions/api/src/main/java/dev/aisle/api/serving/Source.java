package dev.aisle.api.serving;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a shopper's recommendations came from, in order of preference. */
public enum Source {
  /** The shopper's fresh vector from user-state, folded in against the served model. */
  REALTIME,
  /** The shopper's factors in the served model. */
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
