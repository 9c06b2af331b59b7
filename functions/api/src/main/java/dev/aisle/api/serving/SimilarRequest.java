package dev.aisle.api.serving;

import dev.aisle.validation.Violation;
import java.util.List;

/** The query of {@code GET /similar?itemId=I[&k=10]}; a mutable bean for Funqy's query binding. */
public class SimilarRequest {

  private String itemId;
  private String k;

  record Query(String itemId, int k) {}

  Query validate(List<Violation> violations) {
    RecommendationsRequest.text(
        "itemId", itemId, true, RecommendationsRequest.MAX_ID_LENGTH, violations);
    int count = RecommendationsRequest.parseK(k, violations);
    return violations.isEmpty() ? new Query(itemId, count) : null;
  }

  public String getItemId() {
    return itemId;
  }

  public void setItemId(String itemId) {
    this.itemId = itemId;
  }

  public String getK() {
    return k;
  }

  public void setK(String k) {
    this.k = k;
  }
}
