package dev.aisle.api.serving;

import dev.aisle.api.error.BadRequestException;
import dev.aisle.serving.RecommendationQuery;
import dev.aisle.validation.Violation;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET
 * /recommendations?userId=U[&k=10][&category=C][&exclude=i1,i2][&context.<key>=<value>…]} → {@link
 * RecommendationsResponse}. k is 1..100 (default 10). An unknown shopper is not an error: they get
 * segment or popular items and {@code source} says which. Bad parameters: 400.
 */
@ApplicationScoped
public class RecommendationsFunction {

  private final Recommender recommender;

  RecommendationsFunction(Recommender recommender) {
    this.recommender = recommender;
  }

  @Funq("recommendations")
  public RecommendationsResponse recommendations(RecommendationsRequest request) {
    List<Violation> violations = new ArrayList<>();
    RecommendationQuery query = request.validate(violations);
    if (query == null) {
      throw BadRequestException.invalid(violations);
    }
    return recommender.recommend(query);
  }
}
