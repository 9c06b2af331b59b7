package dev.aisle.model;

import dev.aisle.als.ImplicitSolver;
import dev.aisle.ann.ItemGraph;
import java.util.Objects;
import java.util.Optional;

/**
 * A published model, item side only, as the trainer writes it and serving, the stream updater and
 * the CDN precompute read it: item ids, factors and categories, the factors' Gramian YᵀY (fold-in
 * needs it and it costs a pass over every factor), popular lists, similar items, optionally the
 * graph for approximate top-K and the catalog as it was at the model's cut.
 *
 * <p>No shopper data: a shopper's vector is folded in from their events at serving time, so a model
 * holds nothing personal and never needs rewriting when a shopper is erased.
 *
 * @param itemCategories the category of each item row ("" when unknown), aligned with {@code items}
 * @param itemGramian YᵀY of the item factors, k × k row-major (no regularization added)
 * @param graph the HNSW graph over the items for inner-product search, or null (exact scans)
 * @param catalog the catalog at the cut (empty when none was shipped)
 * @param knn item-kNN neighbours (co-occurrence cosine over shoppers) of every item, shipped only
 *     by a blend model ({@link BlendSettings}); empty otherwise
 */
public record Model(
    ModelManifest manifest,
    IdIndex items,
    FactorMatrix itemFactors,
    String[] itemCategories,
    double[] itemGramian,
    PopularLists popular,
    SimilarItems similar,
    ItemGraph graph,
    ModelCatalog catalog,
    SimilarItems knn) {

  public Model {
    Objects.requireNonNull(manifest, "manifest");
    if (items.size() != itemFactors.rows() || itemCategories.length != items.size()) {
      throw new IllegalArgumentException("ids, factors and categories disagree in size");
    }
    int k = itemFactors.cols();
    itemGramian = itemGramian == null ? gramian(itemFactors) : itemGramian;
    if (itemGramian.length != k * k) {
      throw new IllegalArgumentException("the Gramian is not " + k + " x " + k);
    }
    if (!similar.isEmpty() && similar.neighbours().length != items.size() * similar.perItem()) {
      throw new IllegalArgumentException("similar items do not cover every item");
    }
    if (graph != null && graph.size() != items.size()) {
      throw new IllegalArgumentException("the item graph does not cover every item");
    }
    catalog = catalog == null ? ModelCatalog.none() : catalog;
    knn = knn == null ? SimilarItems.none() : knn;
    if (!knn.isEmpty() && knn.neighbours().length != items.size() * knn.perItem()) {
      throw new IllegalArgumentException("item-kNN neighbours do not cover every item");
    }
  }

  /** A model without item-kNN neighbours (every kind but the blend). */
  public Model(
      ModelManifest manifest,
      IdIndex items,
      FactorMatrix itemFactors,
      String[] itemCategories,
      double[] itemGramian,
      PopularLists popular,
      SimilarItems similar,
      ItemGraph graph,
      ModelCatalog catalog) {
    this(
        manifest,
        items,
        itemFactors,
        itemCategories,
        itemGramian,
        popular,
        similar,
        graph,
        catalog,
        SimilarItems.none());
  }

  /** A model without graph or catalog; the Gramian is computed. */
  public Model(
      ModelManifest manifest,
      IdIndex items,
      FactorMatrix itemFactors,
      String[] itemCategories,
      PopularLists popular,
      SimilarItems similar) {
    this(
        manifest,
        items,
        itemFactors,
        itemCategories,
        null,
        popular,
        similar,
        null,
        ModelCatalog.none());
  }

  /** This model with another graph (the same item-kNN neighbours and everything else). */
  public Model withGraph(ItemGraph newGraph) {
    return new Model(
        manifest,
        items,
        itemFactors,
        itemCategories,
        itemGramian,
        popular,
        similar,
        newGraph,
        catalog,
        knn);
  }

  /** This model with other similar items. */
  public Model withSimilar(SimilarItems newSimilar) {
    return new Model(
        manifest,
        items,
        itemFactors,
        itemCategories,
        itemGramian,
        popular,
        newSimilar,
        graph,
        catalog,
        knn);
  }

  /**
   * This model with item-kNN neighbours (a blend's; its manifest must say so to be served as one).
   */
  public Model withKnn(SimilarItems newKnn) {
    return new Model(
        manifest,
        items,
        itemFactors,
        itemCategories,
        itemGramian,
        popular,
        similar,
        graph,
        catalog,
        newKnn);
  }

  /** How this model blends ALS with item-kNN, or empty when it ranks by ALS alone. */
  public Optional<BlendSettings> blend() {
    return knn.isEmpty() ? Optional.empty() : BlendSettings.of(manifest);
  }

  public String version() {
    return manifest.version();
  }

  public int factors() {
    return itemFactors.cols();
  }

  /** YᵀY of {@code factors} in double precision (one pass over the rows). */
  public static double[] gramian(FactorMatrix factors) {
    return ImplicitSolver.gramianExact(factors.data(), factors.rows(), factors.cols());
  }
}
