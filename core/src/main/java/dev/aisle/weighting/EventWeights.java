package dev.aisle.weighting;

import dev.aisle.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much one event says about a shopper's taste: a weight per event type (view &lt; click &lt;
 * add_to_cart &lt; purchase), scaled by quantity or rating, optionally halved every
 * {@code halfLife}. Training and the stream fold-in use the same instance of this rule, so a
 * shopper's real-time vector and the model agree. Confidence in ALS is 1 + alpha · Σ weights.
 *
 * <ul>
 *   <li>purchase: type weight × (1 + ln(quantity)), quantity ≥ 1 (default 1);
 *   <li>rating: type weight × max(0, rating − 2.5): ratings at or below the midpoint carry no
 *       positive signal (implicit ALS has no negative feedback);
 *   <li>others: the type weight.
 * </ul>
 */
public final class EventWeights {

  public static final double RATING_MIDPOINT = 2.5;

  private final EnumMap<EventType, Float> byType;
  private final Duration halfLife;

  public EventWeights(Map<EventType, Float> byType, Duration halfLife) {
    this.byType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      Float w = byType.get(type);
      if (w == null || w < 0 || w.isNaN() || w.isInfinite()) {
        throw new IllegalArgumentException("event type " + type.wireName() + " needs a weight >= 0");
      }
      this.byType.put(type, w);
    }
    if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
      throw new IllegalArgumentException("half-life must be positive (or absent for no decay)");
    }
    this.halfLife = halfLife;
  }

  /** view 1, click 2, add_to_cart 4, purchase 8, rating 2; no time decay. */
  public static EventWeights defaults() {
    return new EventWeights(Map.of(EventType.VIEW, 1f, EventType.CLICK, 2f, EventType.ADD_TO_CART, 4f,
        EventType.PURCHASE, 8f, EventType.RATING, 2f), null);
  }

  /**
   * Parses {@code "view=1,click=2,add_to_cart=4,purchase=8,rating=2"}; types left out keep their
   * default weight.
   */
  public static EventWeights parse(String spec, Duration halfLife) {
    EnumMap<EventType, Float> weights = new EnumMap<>(defaults().byType);
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected type=weight, got '" + part.strip() + "'");
        }
        EventType type = EventType.fromWire(kv[0].strip())
            .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + kv[0].strip() + "'"));
        try {
          weights.put(type, Float.parseFloat(kv[1].strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("weight of " + type.wireName() + " is not a number: " + kv[1].strip());
        }
      }
    }
    return new EventWeights(weights, halfLife);
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
      case RATING -> w * (float) Math.max(0.0, (value == null ? 0.0 : value) - RATING_MIDPOINT);
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
    byType.forEach((type, w) -> s.append(s.length() == 0 ? "" : ",").append(type.wireName()).append('=')
        .append(String.format(Locale.ROOT, "%g", w)));
    return s + (halfLife == null ? "" : ";halfLife=" + halfLife);
  }
}
