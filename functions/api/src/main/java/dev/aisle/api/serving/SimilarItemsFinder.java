package dev.aisle.api.serving;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.scoring.RowMask;
import dev.aisle.serving.ScoredItem;
import dev.aisle.serving.ServedModel;
import dev.aisle.similarity.ContentIndex;
import dev.aisle.similarity.FactorCosine;
import dev.aisle.similarity.HybridSimilarity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Similar items: {@link HybridSimilarity} over the served model (precomputed neighbours where the
 * trainer published them, else a cosine scan) and the catalog's content index, so items the model
 * has not seen yet get neighbours too. Unavailable items are never returned; an unavailable query
 * item still gets its neighbours (the alternatives a shopper looks for).
 */
@ApplicationScoped
public class SimilarItemsFinder {

  private final ModelHolder models;
  private final CatalogContent catalog;
  private final UnavailableItems unavailable;
  private final float factorWeight;

  SimilarItemsFinder(
      ModelHolder models,
      CatalogContent catalog,
      UnavailableItems unavailable,
      ServingConfig config) {
    this.models = models;
    this.catalog = catalog;
    this.unavailable = unavailable;
    this.factorWeight = config.similarFactorWeight();
  }

  /** Empty when neither the model nor the catalog knows the item. */
  Optional<SimilarResponse> similar(SimilarRequest.Query query) {
    Optional<ServedModel> served = models.current();
    Model model = served.map(ServedModel::model).orElse(null);
    FactorCosine cosine = served.map(ServedModel::cosine).orElse(null);
    ContentIndex content = catalog.index().orElse(null);
    Set<String> gone = unavailable.ids();
    RowMask goneRows = served.map(s -> s.unavailableRows(gone)).orElse(null);
    Item catalogItem =
        needsCatalogCopy(query.itemId(), model, content)
            ? catalog.item(query.itemId()).orElse(null)
            : null;
    Optional<List<RankedItem>> similar =
        new HybridSimilarity(model, cosine, content, factorWeight)
            .similar(query.itemId(), catalogItem, query.k(), goneRows, gone::contains);
    return similar.map(
        items ->
            new SimilarResponse(
                query.itemId(),
                model == null ? null : model.version(),
                items.stream().map(i -> new ScoredItem(i.itemId(), (float) i.score())).toList()));
  }

  /** An item unknown to the model and to the content index may be new in the catalog. */
  private boolean needsCatalogCopy(String itemId, Model model, ContentIndex content) {
    return catalog.enabled()
        && content != null
        && content.ids().rowOf(itemId) < 0
        && (model == null || model.items().rowOf(itemId) < 0);
  }
}
