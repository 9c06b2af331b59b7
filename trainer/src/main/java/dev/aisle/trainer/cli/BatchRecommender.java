package dev.aisle.trainer.cli;

import dev.aisle.model.RankedItem;
import dev.aisle.serving.Exploration;
import dev.aisle.serving.Recommendation;
import dev.aisle.serving.RecommendationPolicy;
import dev.aisle.serving.RecommendationQuery;
import dev.aisle.serving.ScoredItem;
import dev.aisle.serving.SegmentLists;
import dev.aisle.serving.ServedModel;
import dev.aisle.serving.ShopperLookup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Batch top-K for one shopper: the serving {@link RecommendationPolicy} (the same vector choice,
 * fold-in, exclusions of bought and unavailable items, popular fallback) over shoppers from a
 * {@link ShopperLookup}, with no segments and no exploration (a batch list is not an impression).
 */
final class BatchRecommender {

  /** One output line. */
  record Recommendation(String userId, String source, List<RankedItem> items) {}

  private final ServedModel served;
  private final ShopperLookup shoppers;
  private final Set<String> unavailable;
  private final RecommendationPolicy policy;
  private final boolean excludeBought;

  /**
   * @param unavailable ids never recommended (the model's shipped catalog, or the items table's)
   */
  BatchRecommender(
      ServedModel served,
      ShopperLookup shoppers,
      Set<String> unavailable,
      boolean excludeBought,
      Clock clock) {
    this.served = served;
    this.excludeBought = excludeBought;
    this.shoppers = shoppers;
    this.unavailable = Set.copyOf(unavailable);
    this.policy = new RecommendationPolicy(SegmentLists.NONE, Exploration.NONE, clock);
  }

  Recommendation recommend(String userId, int k, Set<String> exclude) {
    dev.aisle.serving.Recommendation answer =
        policy.recommend(
            served,
            new RecommendationQuery(userId, k, null, exclude, null, !excludeBought),
            shoppers,
            unavailable);
    List<RankedItem> items = new ArrayList<>(answer.items().size());
    for (ScoredItem item : answer.items()) {
      items.add(new RankedItem(item.itemId(), Math.round(item.score() * 1e6) / 1e6));
    }
    return new Recommendation(userId, answer.source().wireName(), items);
  }
}
