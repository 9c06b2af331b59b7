package dev.aisle.api.serving;

import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.serving.Exploration;
import dev.aisle.serving.ScoredItem;
import dev.aisle.similarity.ContentIndex;
import dev.aisle.similarity.SparseVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Gives items the model has not seen yet (added to the catalog since the last training) a small
 * share of personalized lists, so they can collect the events that will put them in the next model:
 * the last ⌊k · share⌋ of the k places go to the new items whose content (title, category, tags) is
 * most like the shopper's best-ranked items. Off with {@code aisle.serving.exploration-share=0};
 * not applied with a category filter (the content index does not keep categories) or before the
 * content index is first built.
 */
@ApplicationScoped
public class NewItemExploration implements Exploration {

  /** How many of the shopper's best-ranked items describe their taste in content terms. */
  private static final int SEED_ITEMS = 3;

  private final CatalogContent catalog;
  private final double share;

  NewItemExploration(CatalogContent catalog, ServingConfig config) {
    this.catalog = catalog;
    this.share = config.explorationShare();
    if (share < 0 || share >= 1) {
      throw new IllegalArgumentException(
          "aisle.serving.exploration-share must be in [0, 1), got " + share);
    }
  }

  /**
   * {@code ranked} (the model's best k, best first) with its tail replaced by new items; {@code
   * allowed} says which ids this shopper may be shown (availability, exclusions, purchases).
   */
  @Override
  public List<ScoredItem> mix(
      Model model, List<ScoredItem> ranked, int k, String category, Predicate<String> allowed) {
    if (share == 0) {
      return ranked;
    }
    // asked first, so that the index's background build starts with the first personalized request
    Optional<ContentIndex> index = catalog.index();
    int slots = (int) Math.floor(k * share);
    if (slots == 0 || category != null || ranked.isEmpty() || index.isEmpty()) {
      return ranked;
    }
    ContentIndex content = index.get();
    SparseVector taste = taste(content, ranked);
    if (taste.isEmpty()) {
      return ranked;
    }
    IdIndex ids = content.ids();
    ScoredRows found =
        content.similar(
            taste,
            slots,
            row -> model.items().rowOf(ids.idAt(row)) >= 0 || !allowed.test(ids.idAt(row)));
    if (found.size() == 0) {
      return ranked;
    }
    int keep = Math.min(ranked.size(), k - found.size());
    List<ScoredItem> mixed = new ArrayList<>(ranked.subList(0, keep));
    // below the last model item, so that scores stay in non-increasing order
    float last = mixed.get(keep - 1).score();
    for (int i = 0; i < found.size(); i++) {
      mixed.add(ScoredItem.explored(ids.idAt(found.row(i)), Math.min(last, last * found.score(i))));
    }
    return mixed;
  }

  private static SparseVector taste(ContentIndex content, List<ScoredItem> ranked) {
    List<SparseVector> seeds = new ArrayList<>(SEED_ITEMS);
    for (ScoredItem item : ranked) {
      int row = content.ids().rowOf(item.itemId());
      if (row >= 0) {
        seeds.add(content.vector(row));
      }
      if (seeds.size() == SEED_ITEMS) {
        break;
      }
    }
    return SparseVector.centroid(seeds);
  }
}
