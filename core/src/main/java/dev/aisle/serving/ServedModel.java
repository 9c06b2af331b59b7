package dev.aisle.serving;

import dev.aisle.als.FoldIn;
import dev.aisle.ann.ApproximateTopK;
import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.TopKSearch;
import dev.aisle.model.Model;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.CategoryCodes;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.similarity.FactorCosine;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One loaded model with what serving derives from it once: category codes, top-K search (exact, or
 * over the model's graph once it is attached), fold-in with the shipped Gramian, factor cosine for
 * similar items, and the unavailable items as a row mask (rebuilt when the unavailable set
 * changes). Immutable apart from that cache; shared by all requests.
 */
public final class ServedModel {

  /** How the top-K search is set up. */
  public record SearchSettings(
      Executor executor, int parts, long splitMinFloats, int ef, double minEligibleShare) {

    /** One thread, the graph's default beam. */
    public static SearchSettings singleThreaded() {
      return new SearchSettings(
          null, 1, Long.MAX_VALUE, DEFAULT_EF, TopKSearch.DEFAULT_MIN_ELIGIBLE_SHARE);
    }
  }

  /**
   * The graph search beam: recall@10 against the exact scan 0.9955 at 200 k × 64 ALS-like factors,
   * about 1,600 items scored per query instead of 200,000 (docs/serving.md, "Approximate top-K").
   */
  public static final int DEFAULT_EF = 100;

  private final Model model;
  private final CategoryCodes categories;
  private final TopKScorer exact;
  private final TopKSearch search;
  private final FoldIn foldIn;
  private final FactorCosine cosine;
  private final SearchSettings settings;
  private final AtomicReference<UnavailableMask> unavailable;

  private record UnavailableMask(Set<String> ids, RowMask rows) {}

  /** Serves {@code model}, with its graph when it carries one. */
  public ServedModel(Model model, SearchSettings settings) {
    this.model = model;
    this.settings = settings;
    this.categories = CategoryCodes.of(model.itemCategories());
    this.exact =
        new TopKScorer(
            model.itemFactors(),
            null,
            settings.executor(),
            settings.parts(),
            settings.splitMinFloats());
    this.search = search(model.graph());
    this.foldIn = FoldIn.of(model);
    this.cosine =
        new FactorCosine(
            model.itemFactors(), settings.executor(), settings.parts(), settings.splitMinFloats());
    this.unavailable = new AtomicReference<>();
  }

  private ServedModel(ServedModel base, Model model) {
    this.model = model;
    this.settings = base.settings;
    this.categories = base.categories;
    this.exact = base.exact;
    this.search = search(model.graph());
    this.foldIn = base.foldIn;
    this.cosine = base.cosine;
    this.unavailable = base.unavailable;
  }

  /**
   * This model with its graph attached (loaded after the rest, so the first answers scan exactly).
   */
  public ServedModel withGraph(ItemGraph graph) {
    return new ServedModel(this, model.withGraph(graph));
  }

  /**
   * This model with its similar items attached (loaded after the first answer: until then {@code
   * /similar} ranks by the exact factor cosine).
   */
  public ServedModel withSimilar(SimilarItems similar) {
    return new ServedModel(this, model.withSimilar(similar));
  }

  private TopKSearch search(ItemGraph graph) {
    return graph == null
        ? TopKSearch.exact(exact)
        : new TopKSearch(
            exact,
            new ApproximateTopK(graph, model.itemFactors(), settings.ef()),
            settings.minEligibleShare());
  }

  public Model model() {
    return model;
  }

  public String version() {
    return model.version();
  }

  public CategoryCodes categories() {
    return categories;
  }

  public TopKSearch search() {
    return search;
  }

  public FoldIn foldIn() {
    return foldIn;
  }

  public FactorCosine cosine() {
    return cosine;
  }

  /**
   * The rows of {@code unavailableIds} (the same set instance gives the cached mask). Shared: copy
   * before adding.
   */
  public RowMask unavailableRows(Set<String> unavailableIds) {
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
