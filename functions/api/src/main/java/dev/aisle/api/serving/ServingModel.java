package dev.aisle.api.serving;

import dev.aisle.model.Model;
import dev.aisle.scoring.CategoryCodes;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.similarity.FactorCosine;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One loaded model with what serving derives from it once: category codes, the top-K scorer, factor
 * cosine for similar items, and the unavailable items as a row mask (rebuilt when the unavailable
 * set changes). Immutable apart from that cache; shared by all requests.
 */
final class ServingModel {

  private final Model model;
  private final CategoryCodes categories;
  private final TopKScorer scorer;
  private final FactorCosine cosine;
  private final AtomicReference<UnavailableMask> unavailable = new AtomicReference<>();

  private record UnavailableMask(Set<String> ids, RowMask rows) {}

  ServingModel(Model model, Executor executor, int parts, long splitMinFloats) {
    this.model = model;
    this.categories = CategoryCodes.of(model.itemCategories());
    this.scorer = new TopKScorer(model.itemFactors(), null, executor, parts, splitMinFloats);
    this.cosine = new FactorCosine(model.itemFactors(), executor, parts, splitMinFloats);
  }

  Model model() {
    return model;
  }

  String version() {
    return model.version();
  }

  CategoryCodes categories() {
    return categories;
  }

  TopKScorer scorer() {
    return scorer;
  }

  FactorCosine cosine() {
    return cosine;
  }

  /** The rows of {@code unavailableIds} (the same set instance gives the cached mask). Shared: copy before adding. */
  RowMask unavailableRows(Set<String> unavailableIds) {
    UnavailableMask cached = unavailable.get();
    if (cached != null && cached.ids() == unavailableIds) {
      return cached.rows();
    }
    RowMask rows = new RowMask(model.items().size());
    for (String id : unavailableIds) {
      rows.set(model.items().rowOf(id));
    }
    unavailable.set(new UnavailableMask(unavailableIds, rows));
    return rows;
  }
}
