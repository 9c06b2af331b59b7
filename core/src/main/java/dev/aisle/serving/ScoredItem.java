package dev.aisle.serving;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One item of an answer: its id and score (higher is better; comparable within one answer only).
 * {@code exploration} is true for an item the model has not seen yet, placed by an {@link
 * Exploration}; absent otherwise, so clients can count those impressions apart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoredItem(String itemId, float score, Boolean exploration) {

  public ScoredItem(String itemId, float score) {
    this(itemId, score, null);
  }

  public static ScoredItem explored(String itemId, float score) {
    return new ScoredItem(itemId, score, Boolean.TRUE);
  }
}
