package dev.aisle.weighting;

import dev.aisle.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much one event says about a shopper's taste: a weight per event type (view &lt; click &lt;
 * add_to_cart &lt; purchase), scaled by quantity or rating, optionally halved every {@code
 * halfLife}. Training and the stream fold-in use the same instance of this rule, so a shopper's
 * real-time vector and the model agree. Confidence in ALS is 1 + alpha · Σ weights.
 *
 * <ul>
 *   <li>purchase: type weight × (1 + ln(quantity)), quantity ≥ 1 (default 1);
 *   <li>rating: type weight × max(floor, rating − 2.5), the rating floor 0 by default. Every rated
 *       pair is a positive of implicit ALS (it has no negative feedback); with floor 0 a rating at
 *       or below the midpoint adds no confidence (c = 1, the least a positive gets), a floor above
 *       0 keeps it as a weaker positive (c = 1 + alpha · weight × floor);
 *   <li>others: the type weight.
 * </ul>
 */
public final class EventWeights {

  public static final double RATING_MIDPOINT = 2.5;

  /** The spec key of the rating floor ({@code rating-floor=0.25}). */
  public static final String RATING_FLOOR = "rating-floor";

  private final EnumMap<EventType, Float> byType;
  private final Duration halfLife;
  private final float ratingFloor;

  public EventWeights(Map<EventType, Float> byType, Duration halfLife) {
    this(byType, halfLife, 0f);
  }

  /**
   * @param ratingFloor the least a rating counts, as a multiple of the rating weight (0: ratings at
   *     or below the midpoint add no confidence)
   */
  public EventWeights(Map<EventType, Float> byType, Duration halfLife, float ratingFloor) {
    this.byType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      Float w = byType.get(type);
      if (w == null || w < 0 || w.isNaN() || w.isInfinite()) {
        throw new IllegalArgumentException(
            "event type " + type.wireName() + " needs a weight >= 0");
      }
      this.byType.put(type, w);
    }
    if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
      throw new IllegalArgumentException("half-life must be positive (or absent for no decay)");
    }
    this.halfLife = halfLife;
    if (!(ratingFloor >= 0) || ratingFloor > RATING_MIDPOINT) {
      throw new IllegalArgumentException("rating floor must be in 0..2.5, got " + ratingFloor);
    }
    this.ratingFloor = ratingFloor;
  }

  /** The same weights with another rating floor. */
  public EventWeights withRatingFloor(float floor) {
    return new EventWeights(byType, halfLife, floor);
  }

  public float ratingFloor() {
    return ratingFloor;
  }

  /** view 1, click 2, add_to_cart 4, purchase 8, rating 2; no time decay. */
  public static EventWeights defaults() {
    return new EventWeights(
        Map.of(
            EventType.VIEW,
            1f,
            EventType.CLICK,
            2f,
            EventType.ADD_TO_CART,
            4f,
            EventType.PURCHASE,
            8f,
            EventType.RATING,
            2f),
        null);
  }

  /**
   * Parses {@code "view=1,click=2,add_to_cart=4,purchase=8,rating=2"}; types left out keep their
   * default weight. A {@code rating-floor=F} entry sets the rating floor (what {@link #toString}
   * writes when it is not 0, so a model's manifest carries it to the stream fold-in).
   */
  public static EventWeights parse(String spec, Duration halfLife) {
    EnumMap<EventType, Float> weights = new EnumMap<>(defaults().byType);
    float floor = 0f;
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected type=weight, got '" + part.strip() + "'");
        }
        if (kv[0].strip().equals(RATING_FLOOR)) {
          try {
            floor = Float.parseFloat(kv[1].strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rating floor is not a number: " + kv[1].strip());
          }
          continue;
        }
        EventType type =
            EventType.fromWire(kv[0].strip())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException("unknown event type '" + kv[0].strip() + "'"));
        try {
          weights.put(type, Float.parseFloat(kv[1].strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "weight of " + type.wireName() + " is not a number: " + kv[1].strip());
        }
      }
    }
    return new EventWeights(weights, halfLife, floor);
  }

  public float typeWeight(EventType type) {
    return byType.get(type);
  }

  public Duration halfLife() {
    return halfLife;
  }

  /** The weight of one event, before decay. */
  public float weight(EventType type, Double value) {
    float w = byType.get(type);
    return switch (type) {
      case PURCHASE -> w * (float) (1.0 + Math.log(value == null || value < 1 ? 1.0 : value));
      case RATING ->
          w * (float) Math.max(ratingFloor, (value == null ? 0.0 : value) - RATING_MIDPOINT);
      default -> w;
    };
  }

  /** The weight of one event seen at {@code at}, decayed to {@code now} when a half-life is set. */
  public float weight(EventType type, Double value, Instant at, Instant now) {
    return weight(type, value) * decay(at, now);
  }

  /** 0.5^(age / half-life); 1 without a half-life or for events from the future. */
  public float decay(Instant at, Instant now) {
    if (halfLife == null || !at.isBefore(now)) {
      return 1f;
    }
    double ageOverHalfLife = (double) Duration.between(at, now).toMillis() / halfLife.toMillis();
    return (float) Math.pow(0.5, ageOverHalfLife);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    byType.forEach(
        (type, w) ->
            s.append(s.length() == 0 ? "" : ",")
                .append(type.wireName())
                .append('=')
                .append(String.format(Locale.ROOT, "%g", w)));
    if (ratingFloor > 0) {
      s.append(',')
          .append(RATING_FLOOR)
          .append('=')
          .append(String.format(Locale.ROOT, "%g", ratingFloor));
    }
    return s + (halfLife == null ? "" : ";halfLife=" + halfLife);
  }
}
