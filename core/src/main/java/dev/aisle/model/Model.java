package dev.aisle.model;

import java.util.Objects;

/**
 * A trained model as the trainer writes it and serving, the stream updater and the CDN precompute
 * read it: factors with their id indexes, item categories, popular lists and similar items.
 *
 * @param itemCategories the category of each item row ("" when unknown), aligned with {@code items}
 * @param purchased the items each user row bought (empty for models that carry none)
 */
public record Model(
    ModelManifest manifest,
    IdIndex users,
    IdIndex items,
    FactorMatrix userFactors,
    FactorMatrix itemFactors,
    String[] itemCategories,
    PopularLists popular,
    SimilarItems similar,
    PurchasedItems purchased) {

  public Model {
    Objects.requireNonNull(manifest, "manifest");
    if (users.size() != userFactors.rows() || items.size() != itemFactors.rows()
        || itemCategories.length != items.size()) {
      throw new IllegalArgumentException("ids, factors and categories disagree in size");
    }
    if (userFactors.cols() != itemFactors.cols()) {
      throw new IllegalArgumentException("user and item factors differ in rank");
    }
    if (!similar.isEmpty() && similar.neighbours().length != items.size() * similar.perItem()) {
      throw new IllegalArgumentException("similar items do not cover every item");
    }
    purchased = purchased == null ? PurchasedItems.none() : purchased;
    if (!purchased.isEmpty() && purchased.users() != users.size()) {
      throw new IllegalArgumentException("purchased items do not cover every user");
    }
  }

  /** A model without purchased items (as written before that file existed). */
  public Model(ModelManifest manifest, IdIndex users, IdIndex items, FactorMatrix userFactors,
      FactorMatrix itemFactors, String[] itemCategories, PopularLists popular, SimilarItems similar) {
    this(manifest, users, items, userFactors, itemFactors, itemCategories, popular, similar, PurchasedItems.none());
  }

  public String version() {
    return manifest.version();
  }

  public int factors() {
    return itemFactors.cols();
  }
}
