package dev.aisle.trainer.data;

import dev.aisle.event.EventType;

/**
 * One interaction as the trainer reads it from any source (CSV, dataset importer, events table).
 *
 * @param timestamp epoch milliseconds, UTC
 * @param value quantity for purchases, rating for ratings; {@code NaN} when absent
 */
public record Interaction(
    String userId, String itemId, EventType type, long timestamp, double value) {

  public boolean hasValue() {
    return !Double.isNaN(value);
  }

  /** The value as {@link dev.aisle.weighting.EventWeights} takes it (null when absent). */
  public Double boxedValue() {
    return hasValue() ? value : null;
  }
}
