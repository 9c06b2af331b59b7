package dev.aisle.trainer.synthetic;

import java.time.Duration;
import java.time.Instant;

/**
 * Shape of a synthetic shop.
 *
 * @param eventsPerUser mean events per shopper (activity is log-normal around it)
 * @param clusters hidden taste groups: each prefers a few categories and one item style
 * @param newShare share of items released, and of shoppers joining, in the last tenth of the period
 * @param botShare share of extra shoppers that are crawlers (hundreds of views of random items)
 */
public record ShopConfig(
    int users,
    int items,
    int categories,
    int clusters,
    double eventsPerUser,
    Duration period,
    Instant end,
    double newShare,
    double botShare,
    long seed) {

  public ShopConfig {
    if (users < 1 || items < 2) {
      throw new IllegalArgumentException("a shop needs at least 1 user and 2 items");
    }
    if (categories < 1 || categories > items) {
      throw new IllegalArgumentException("categories must be in 1..items, got " + categories);
    }
    if (clusters < 1) {
      throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
    }
    if (!(eventsPerUser > 0)) {
      throw new IllegalArgumentException("events per user must be > 0");
    }
    if (!(newShare >= 0 && newShare < 1) || !(botShare >= 0 && botShare < 1)) {
      throw new IllegalArgumentException("shares must be in [0, 1)");
    }
  }
}
