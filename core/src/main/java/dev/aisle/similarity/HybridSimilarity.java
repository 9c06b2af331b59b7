package dev.aisle.similarity;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * "Similar items" for any item of the model or the catalog: cosine neighbours in factor space (the
 * model's precomputed lists where published, else a scan) blended with content similarity:
 *
 * <pre>
 *   score(q, c) = w · cos_factors(q, c) + (1 − w) · cos_content(q, c)
 * </pre>
 *
 * where {@code w} is {@code factorWeight} when the query item has factors and 0 when it does not
 * (an item the model has not seen yet gets pure content neighbours), and a missing side counts as 0
 * (a candidate without factors can still rank by content). Candidates are the union of both sides'
 * top lists. Equal scores rank by item id, so answers are deterministic.
 *
 * <p>Either side may be absent: no content index means factor neighbours only; no model means
 * content neighbours only.
 */
public final class HybridSimilarity {

  /** How many candidates each side contributes, at least. */
  private static final int MIN_POOL = 50;

  private final Model model;
  private final FactorCosine cosine;
  private final ContentIndex content;
  private final float factorWeight;

  /**
   * @param model the served model, or null
   * @param cosine factor cosine over {@code model}'s item factors (null when model is null)
   * @param content the catalog's content index, or null
   * @param factorWeight w in [0, 1]
   */
  public HybridSimilarity(
      Model model, FactorCosine cosine, ContentIndex content, float factorWeight) {
    if ((model == null) != (cosine == null)) {
      throw new IllegalArgumentException("factor cosine and model go together");
    }
    if (!(factorWeight >= 0 && factorWeight <= 1)) {
      throw new IllegalArgumentException("factorWeight must be in [0, 1], got " + factorWeight);
    }
    this.model = model;
    this.cosine = cosine;
    this.content = content;
    this.factorWeight = factorWeight;
  }

  /**
   * The {@code k} items most similar to {@code itemId}, best first, none of them {@code itemId}
   * itself, none in {@code excludedModelRows} (model rows, may be null) or accepted by {@code
   * excludedIds}. Empty when neither the model nor the content index (nor {@code catalogItem}, the
   * item as the catalog has it, for items indexed after the last build) knows the item.
   */
  public Optional<List<RankedItem>> similar(
      String itemId,
      Item catalogItem,
      int k,
      RowMask excludedModelRows,
      Predicate<String> excludedIds) {
    int modelRow = model == null ? -1 : model.items().rowOf(itemId);
    SparseVector text = contentVector(itemId, catalogItem);
    boolean hasText = text != null && !text.isEmpty();
    if (modelRow < 0 && text == null) {
      return Optional.empty();
    }
    int pool = Math.max(MIN_POOL, 2 * k);
    // id → {factor cosine, content cosine}, NaN while not known
    Map<String, float[]> candidates = new LinkedHashMap<>();
    if (modelRow >= 0) {
      addFactorCandidates(modelRow, pool, excludedModelRows, candidates);
    }
    if (hasText) {
      ScoredRows near = content.similar(text, pool + 1, row -> false);
      for (int i = 0; i < near.size(); i++) {
        candidates
                .computeIfAbsent(
                    content.ids().idAt(near.row(i)), id -> new float[] {Float.NaN, Float.NaN})[1] =
            near.score(i);
      }
    }
    float w = !hasText ? 1f : modelRow >= 0 ? factorWeight : 0f;
    List<RankedItem> ranked = new ArrayList<>();
    for (Map.Entry<String, float[]> entry : candidates.entrySet()) {
      String id = entry.getKey();
      if (id.equals(itemId) || excludedIds.test(id) || isExcludedRow(id, excludedModelRows)) {
        continue;
      }
      float[] sides = entry.getValue();
      float factorScore = Float.isNaN(sides[0]) ? factorCosine(modelRow, id) : sides[0];
      float contentScore =
          Float.isNaN(sides[1]) ? contentCosine(hasText ? text : null, id) : sides[1];
      ranked.add(new RankedItem(id, w * factorScore + (1 - w) * contentScore));
    }
    ranked.sort(
        Comparator.comparingDouble(RankedItem::score).reversed().thenComparing(RankedItem::itemId));
    return Optional.of(List.copyOf(ranked.subList(0, Math.min(k, ranked.size()))));
  }

  private SparseVector contentVector(String itemId, Item catalogItem) {
    if (content == null) {
      return null;
    }
    int row = content.ids().rowOf(itemId);
    if (row >= 0) {
      return content.vector(row);
    }
    return catalogItem == null ? null : content.vectorOf(catalogItem);
  }

  private void addFactorCandidates(int row, int pool, RowMask excluded, Map<String, float[]> out) {
    SimilarItems precomputed = model.similar();
    if (!precomputed.isEmpty()) {
      int from = row * precomputed.perItem();
      for (int i = from;
          i < from + precomputed.perItem() && precomputed.neighbours()[i] >= 0;
          i++) {
        out.put(
            model.items().idAt(precomputed.neighbours()[i]),
            new float[] {precomputed.scores()[i], Float.NaN});
      }
      return;
    }
    Candidates candidates = excluded == null ? Candidates.ALL : Candidates.excluding(excluded);
    ScoredRows near = cosine.neighbours(row, pool, candidates);
    for (int i = 0; i < near.size(); i++) {
      out.put(model.items().idAt(near.row(i)), new float[] {near.score(i), Float.NaN});
    }
  }

  private float factorCosine(int queryRow, String id) {
    if (queryRow < 0) {
      return 0f;
    }
    int row = model.items().rowOf(id);
    return row < 0 ? 0f : cosine.cosine(queryRow, row);
  }

  private float contentCosine(SparseVector query, String id) {
    if (query == null) {
      return 0f;
    }
    int row = content.ids().rowOf(id);
    return row < 0 ? 0f : query.dot(content.vector(row));
  }

  private boolean isExcludedRow(String id, RowMask excluded) {
    if (excluded == null || model == null) {
      return false;
    }
    int row = model.items().rowOf(id);
    return row >= 0 && excluded.get(row);
  }
}
