package dev.aisle.trainer.model;

import dev.aisle.als.ImplicitAls;
import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.catalog.Item;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import dev.aisle.trainer.training.PairTable;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

/**
 * Assembles the published {@link Model}, item side only: item factors with their ids, categories
 * from the catalog, the factors' Gramian, popular lists, similar items, the item graph for
 * approximate top-K when the catalog is large enough to need one, and the catalog itself as it was
 * read (so serving never scans the items table). Shoppers' factors are not published: serving folds
 * a shopper's vector in from their own events.
 */
public final class ModelBuilder {

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ModelBuilder() {}

  /**
   * Shape of the derived lists.
   *
   * @param graphMinItems from this many items on, the model ships an item graph and serving
   *     searches it instead of scanning every item (measured: docs/serving.md)
   */
  public record Lists(
      int similarPerItem, int popularOverall, int popularPerCategory, int graphMinItems) {

    /**
     * The item count from which the graph pays for itself: the exact scan costs about 1 ms per
     * request at 50 k × 64 on one core and grows with the items; the graph's cost barely does
     * (docs/serving.md, "Approximate top-K").
     */
    public static final int DEFAULT_GRAPH_MIN_ITEMS = 50_000;

    public Lists(int similarPerItem, int popularOverall, int popularPerCategory) {
      this(similarPerItem, popularOverall, popularPerCategory, DEFAULT_GRAPH_MIN_ITEMS);
    }

    public static Lists defaults() {
      return new Lists(20, 100, 50);
    }
  }

  public static Model build(
      PairTable pairs,
      ImplicitAls.Factors factors,
      Map<String, Item> catalog,
      Lists lists,
      ModelManifest manifest,
      int threads) {
    return build(
        pairs, factors, catalog, lists, manifest, threads, GraphReuse.rebuild("not asked"));
  }

  /**
   * @param graph whether to keep the previous model's graph (when this model needs one)
   */
  public static Model build(
      PairTable pairs,
      ImplicitAls.Factors factors,
      Map<String, Item> catalog,
      Lists lists,
      ModelManifest manifest,
      int threads,
      GraphReuse graph) {
    ModelManifest withUsers =
        manifest.users() > 0
            ? manifest
            : new ModelManifest(
                manifest.formatVersion(),
                manifest.version(),
                manifest.created(),
                manifest.factors(),
                pairs.users().size(),
                manifest.items(),
                manifest.similarPerItem(),
                manifest.parameters(),
                manifest.metrics(),
                manifest.counts(),
                manifest.files(),
                manifest.engine(),
                manifest.cut());
    return build(
        pairs.items(),
        factors.items(),
        factors.factors(),
        pairs.itemPopularity(),
        catalog,
        lists,
        withUsers,
        threads,
        graph);
  }

  /**
   * @param itemFactors rows aligned with {@code items}, stride {@code k}
   * @param popularity each item's decayed event count (the popular lists' order)
   */
  public static Model build(
      IdIndex items,
      float[] itemFactors,
      int k,
      float[] popularity,
      Map<String, Item> catalog,
      Lists lists,
      ModelManifest manifest,
      int threads) {
    return build(
        items,
        itemFactors,
        k,
        popularity,
        catalog,
        lists,
        manifest,
        threads,
        GraphReuse.rebuild("not asked"));
  }

  /** As above; {@code reuse} says whether the item graph extends the previous model's. */
  public static Model build(
      IdIndex items,
      float[] itemFactors,
      int k,
      float[] popularity,
      Map<String, Item> catalog,
      Lists lists,
      ModelManifest manifest,
      int threads,
      GraphReuse reuse) {
    String[] categories = new String[items.size()];
    for (int i = 0; i < categories.length; i++) {
      Item item = catalog.get(items.idAt(i));
      categories[i] = item == null || item.category() == null ? "" : item.category();
    }
    PopularLists popular =
        PopularListsBuilder.build(
            items,
            popularity,
            categories,
            catalog,
            lists.popularOverall(),
            lists.popularPerCategory());
    FactorMatrix factors = new FactorMatrix(itemFactors, items.size(), k);
    boolean large = items.size() >= lists.graphMinItems();
    SimilarItems similar =
        SimilarItemsBuilder.build(
            factors,
            lists.similarPerItem(),
            threads,
            SimilarItemsBuilder.searchesGraph(items.size()));
    ItemGraphBuilder.Settings settings = ItemGraphBuilder.Settings.defaults(threads);
    ItemGraph graph =
        !large
            ? null
            : reuse.reuse()
                ? ItemGraphBuilder.extend(
                    reuse.previous(),
                    reuse.previousToNew(),
                    factors,
                    ItemGraphBuilder.Geometry.INNER_PRODUCT,
                    settings)
                : ItemGraphBuilder.build(
                    factors, ItemGraphBuilder.Geometry.INNER_PRODUCT, settings);
    return new Model(
        manifest,
        items,
        factors,
        categories,
        null,
        popular,
        similar,
        graph,
        new ModelCatalog(catalog.values().stream().toList()));
  }

  /** The manifest before files are written (sizes, counts of rows and checksums are added then). */
  public static ModelManifest manifest(
      String version,
      Instant created,
      int factors,
      Map<String, Object> parameters,
      Map<String, Object> metrics,
      Map<String, Long> counts) {
    return manifest(
        version,
        created,
        created,
        ModelManifest.SINGLE_NODE,
        factors,
        0,
        parameters,
        metrics,
        counts);
  }

  /**
   * @param cut the events the model saw were accepted at or before it
   * @param engine {@link ModelManifest#SINGLE_NODE} or {@link ModelManifest#SPARK}
   * @param users shoppers trained on (a count only)
   */
  public static ModelManifest manifest(
      String version,
      Instant created,
      Instant cut,
      String engine,
      int factors,
      int users,
      Map<String, Object> parameters,
      Map<String, Object> metrics,
      Map<String, Long> counts) {
    return new ModelManifest(
        ModelFiles.FORMAT_VERSION,
        version,
        created,
        factors,
        users,
        0,
        0,
        parameters,
        metrics,
        counts,
        null,
        engine,
        cut);
  }

  /** Sortable UTC time plus a short random suffix: {@code 20260128T134512Z-3fa2c1}. */
  public static String newVersion(Instant created) {
    byte[] suffix = new byte[3];
    new SecureRandom().nextBytes(suffix);
    return VERSION_TIME.format(created) + "-" + HexFormat.of().formatHex(suffix);
  }
}
