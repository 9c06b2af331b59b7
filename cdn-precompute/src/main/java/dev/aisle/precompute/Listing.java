package dev.aisle.precompute;

import dev.aisle.catalog.Item;
import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.precompute.source.Catalog;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.segment.ListedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns model rows and ranked ids into the items a list publishes: only items the catalog lists as
 * available (any item when there is no catalog), enriched with title, category and price.
 */
final class Listing {

  private final Model model;
  private final Catalog catalog;
  private final RowMask hidden;

  Listing(Model model, Catalog catalog) {
    this.model = model;
    this.catalog = catalog;
    this.hidden = new RowMask(model.items().size());
    for (int row = 0; row < model.items().size(); row++) {
      if (!catalog.listable(model.items().idAt(row))) {
        hidden.set(row);
      }
    }
  }

  /** Item rows never listed: unavailable or unknown to the catalog. */
  RowMask hidden() {
    return hidden;
  }

  int hiddenCount() {
    return hidden.cardinality();
  }

  /** The rows of a top-K search (already free of hidden rows). */
  List<ListedItem> rows(ScoredRows scored) {
    List<ListedItem> out = new ArrayList<>(scored.size());
    for (int i = 0; i < scored.size(); i++) {
      out.add(listed(model.items().idAt(scored.row(i)), scored.score(i)));
    }
    return out;
  }

  /** The first {@code k} listable items of a ranked list. */
  List<ListedItem> ranked(List<RankedItem> ranked, int k) {
    List<ListedItem> out = new ArrayList<>(Math.min(k, ranked.size()));
    for (RankedItem r : ranked) {
      if (out.size() == k) {
        break;
      }
      int row = model.items().rowOf(r.itemId());
      boolean listable = row >= 0 ? !hidden.get(row) : catalog.listable(r.itemId());
      if (listable) {
        out.add(listed(r.itemId(), r.score()));
      }
    }
    return out;
  }

  /** Item {@code row} with its first {@code k} listable neighbours. */
  Documents.Similar similarDocument(int row, int k) {
    String itemId = model.items().idAt(row);
    Item item = catalog.get(itemId);
    return item == null
        ? new Documents.Similar(model.version(), itemId, null, null, null, similar(row, k))
        : new Documents.Similar(
            model.version(), itemId, item.title(), item.category(), item.price(), similar(row, k));
  }

  /**
   * What decides whether item {@code row}'s similar list changed: the document without the model
   * version and with every score 0 (scores move a little with each retraining; the list is what a
   * visitor sees).
   */
  Documents.Similar similarFingerprint(int row, int k) {
    Documents.Similar full = similarDocument(row, k);
    List<ListedItem> unscored = new ArrayList<>(full.items().size());
    for (ListedItem item : full.items()) {
      unscored.add(new ListedItem(item.itemId(), 0, item.title(), item.category(), item.price()));
    }
    return new Documents.Similar(
        null, full.itemId(), full.title(), full.category(), full.price(), unscored);
  }

  /** The first {@code k} listable neighbours of item {@code row} from the model's similar items. */
  private List<ListedItem> similar(int row, int k) {
    var similar = model.similar();
    int per = similar.perItem();
    List<ListedItem> out = new ArrayList<>(Math.min(k, per));
    for (int j = row * per; j < (row + 1) * per && out.size() < k; j++) {
      int neighbour = similar.neighbours()[j];
      if (neighbour >= 0 && neighbour != row && !hidden.get(neighbour)) {
        out.add(listed(model.items().idAt(neighbour), similar.scores()[j]));
      }
    }
    return out;
  }

  private ListedItem listed(String itemId, double score) {
    Item item = catalog.get(itemId);
    return item == null
        ? new ListedItem(itemId, score, null, null, null)
        : new ListedItem(itemId, score, item.title(), item.category(), item.price());
  }

  /** A float score as its shortest decimal: 0.1f publishes as 0.1, not 0.10000000149011612. */
  private ListedItem listed(String itemId, float score) {
    return listed(itemId, Double.parseDouble(Float.toString(score)));
  }
}
