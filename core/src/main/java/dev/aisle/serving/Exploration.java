package dev.aisle.serving;

import dev.aisle.model.Model;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gives items the model has not seen a place in a personalized list (the api's content-based
 * exploration); {@link #NONE} leaves lists as ranked.
 */
@FunctionalInterface
public interface Exploration {

  Exploration NONE = (model, ranked, k, category, allowed) -> ranked;

  /**
   * {@code ranked} (the model's best k, best first), possibly with its tail replaced; {@code
   * allowed} says which ids this shopper may be shown.
   */
  List<ScoredItem> mix(
      Model model, List<ScoredItem> ranked, int k, String category, Predicate<String> allowed);
}
