package dev.aisle.api.serving;

import dev.aisle.parallel.DaemonThreads;
import dev.aisle.serving.Recommendation;
import dev.aisle.serving.RecommendationPolicy;
import dev.aisle.serving.RecommendationQuery;
import dev.aisle.serving.ServedModel;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.ShopperTables;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A shopper's recommendations: the served model, the shopper as the user-state and events tables
 * know them ({@link ShopperTables}: two reads side by side), the unavailable items, and {@link
 * RecommendationPolicy}, which makes every decision (which vector, exclusions, fallbacks,
 * exploration) and is shared with batch {@code recommend}.
 */
@ApplicationScoped
public class Recommender {

  private final ModelHolder models;
  private final UnavailableItems unavailable;
  private final ShopperTables shoppers;
  private final RecommendationPolicy policy;
  private final ExecutorService lookups;

  Recommender(
      ModelHolder models,
      UnavailableItems unavailable,
      Segments segments,
      NewItemExploration exploration,
      AisleSettings settings,
      DynamoDbClient dynamo,
      ServingConfig config) {
    this.models = models;
    this.unavailable = unavailable;
    this.lookups = Executors.newCachedThreadPool(DaemonThreads.named("aisle-lookup"));
    this.shoppers =
        new ShopperTables(dynamo, settings, config.recentEvents(), lookups, config.readTimeouts());
    this.policy = new RecommendationPolicy(segments, exploration, Clock.systemUTC());
  }

  RecommendationsResponse recommend(RecommendationQuery query) {
    ServedModel served = models.current().orElse(null);
    Recommendation answer = policy.recommend(served, query, shoppers, unavailable.ids());
    return new RecommendationsResponse(
        answer.userId(), answer.modelVersion(), answer.source(), answer.items());
  }

  /** Lets lookups in flight finish: see {@link Refreshing#close()}. */
  @PreDestroy
  void close() {
    lookups.shutdown();
  }
}
