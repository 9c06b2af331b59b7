package dev.aisle.trainer.cli;

import dev.aisle.als.AlsParameters;
import dev.aisle.trainer.blend.BlendSetup;
import dev.aisle.trainer.blend.ModelKind;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.trainer.training.DataSizedDefaults;
import dev.aisle.trainer.training.EvaluationSettings;
import dev.aisle.trainer.training.TemporalSplit;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingSet;
import dev.aisle.weighting.EventWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** ALS, weighting, hygiene and evaluation settings; unset flags fall back to the defaults file. */
final class TrainingOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file overriding the built-in defaults "
              + "(same keys as the flags, e.g. factors=64; tune --save writes one).")
  Path config;

  @Option(
      names = "--factors",
      paramLabel = "K|auto",
      description =
          "Latent factors (rank); auto derives them from " + "the data's size (docs/trainer.md).")
  String factors;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "Most ALS sweeps (early stopping may use fewer).")
  Integer iterations;

  @Option(names = "--regularization", paramLabel = "LAMBDA", description = "L2 regularization.")
  Float regularization;

  @Option(
      names = "--alpha",
      paramLabel = "ALPHA",
      description = "Confidence slope: c = 1 + alpha * weight.")
  Float alpha;

  @Option(names = "--solver", paramLabel = "cg|cholesky", description = "Row solver.")
  String solver;

  @Option(
      names = "--cg-steps",
      paramLabel = "N",
      description = "Conjugate-gradient steps per row and sweep.")
  Integer cgSteps;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of initial factors and splits.")
  Long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(
      names = "--weighted-regularization",
      description =
          "λ·n per row (ALS-WR, as Spark) instead of λ; the " + "stream fold-in keeps plain λ.")
  boolean weightedRegularization;

  @Option(
      names = "--weights",
      paramLabel = "SPEC",
      description = "Event weights, e.g. view=1,click=2,add_to_cart=4,purchase=8.")
  String weights;

  @Option(
      names = "--rating-floor",
      paramLabel = "F",
      description =
          "Least a rating counts, as a multiple of the "
              + "rating weight: 0 adds no confidence for ratings at or below 2.5, e.g. 0.25 keeps them as weaker positives.")
  Float ratingFloor;

  @Option(
      names = "--split",
      paramLabel = "temporal|random",
      description =
          "Hold-out protocol: each user's newest "
              + "items (temporal) or a seeded random share per user (random, as most published tables).")
  String split;

  @Option(
      names = "--half-life",
      paramLabel = "DURATION",
      description = "Decay of event weights (e.g. 30d; none).")
  String halfLife;

  @Option(
      names = "--popular-half-life",
      paramLabel = "DURATION",
      description = "Decay of the popular lists' counts.")
  String popularHalfLife;

  @Option(
      names = "--outlier-iqr",
      paramLabel = "F",
      description = "Bot/outlier fence factor on log events per user (0: off).")
  Double outlierIqr;

  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Length of the evaluated lists (metrics @K).")
  Integer k;

  @Option(
      names = "--holdout",
      paramLabel = "SHARE",
      description = "Share of each user's newest items held out.")
  Double holdout;

  @Option(
      names = "--min-items",
      paramLabel = "N",
      description = "Users with fewer distinct items are not held out.")
  Integer minItems;

  @Option(
      names = "--eval-users",
      paramLabel = "N",
      description = "Evaluate at most this many users (0: all).")
  Integer evalUsers;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description = "Early stopping: sweeps without improvement.")
  Integer patience;

  @Option(
      names = "--warm-iterations",
      paramLabel = "N",
      description =
          "ALS sweeps of an incremental run that starts "
              + "from the previous model's item factors (at most --iterations).")
  Integer warmIterations;

  @Option(
      names = "--all-rows-every",
      paramLabel = "N",
      description =
          "An incremental run sweeps only the shoppers "
              + "with new events and the items they touched; every Nth incremental run sweeps all rows (1: always; default "
              + "from config: 7).")
  Integer allRowsEvery;

  @Option(
      names = "--all-rows-share",
      paramLabel = "SHARE",
      description =
          "Sweep all rows when more than this share "
              + "of the shoppers changed (default from config: 0.25).")
  Double allRowsShare;

  @Option(
      names = "--item-change-share",
      paramLabel = "SHARE",
      description =
          "In a partial sweep, an item is re-solved when at least this share of its pairs belongs to "
              + "shoppers with new events (0: any; default from config: 0.05).")
  Double itemChangeShare;

  @Option(
      names = "--graph-min-items",
      paramLabel = "N",
      description =
          "From this many items the model ships an "
              + "item graph for approximate top-K (default from config: 50000).")
  Integer graphMinItems;

  @Option(
      names = "--graph-rebuild-share",
      paramLabel = "SHARE",
      description =
          "An incremental run keeps the "
              + "previous model's item graph (new items inserted) while at most this share of the items changed, else "
              + "rebuilds it (default from config: 0.9).")
  Double graphRebuildShare;

  @Option(
      names = "--graph-recall-sample",
      paramLabel = "N",
      description =
          "After building an item graph, measure "
              + "its recall@10 against the exact scan for N sampled shoppers (0: not measured; default: ${DEFAULT-VALUE}).")
  int graphRecallSample;

  @Option(
      names = "--similar-per-item",
      paramLabel = "N",
      description =
          "Similar items kept per item (0: none; the "
              + "exact similar-items build is quadratic in the catalog).")
  Integer similarPerItem;

  @Option(
      names = "--model-kind",
      paramLabel = "auto|als|blend",
      description =
          "Model to publish: auto serves a "
              + "blend of ALS and item-kNN when item-kNN beats ALS on the validation rows (and the blend beats ALS), else "
              + "ALS; als never blends; blend always does (weight chosen on validation).")
  String modelKind;

  @Option(
      names = "--blend-neighbours",
      paramLabel = "N",
      description = "Item-kNN neighbours per item a blend " + "measures and ships.")
  Integer blendNeighbours;

  @Option(
      names = "--blend-max-items",
      paramLabel = "N",
      description = "Above this many items the blend is not " + "offered.")
  Integer blendMaxItems;

  @Option(
      names = "--no-loss-curve",
      description =
          "Do not compute the objective after the final fit's sweeps (each "
              + "costs about as much as a sweep).")
  boolean noLossCurve;

  TrainerDefaults defaults() {
    return TrainerDefaults.load(config);
  }

  /** Worker threads: the flag, else all cores. */
  int threads() {
    return or(threads, Runtime.getRuntime().availableProcessors());
  }

  /** Whether factors are derived from the data ({@code auto}: the flag, else the config). */
  boolean autoFactors() {
    return AUTO.equals(factorsSetting());
  }

  private String factorsSetting() {
    return (factors != null ? factors : defaults().string("factors"))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static final String AUTO = "auto";

  /**
   * The configuration for the data at hand: with {@code factors=auto}, the factor count the {@link
   * DataSizedDefaults} rule derives from the training set's shoppers, items and pairs; otherwise
   * {@code config} as it is.
   */
  TrainingConfig fitTo(TrainingConfig config, TrainingSet set) {
    if (!autoFactors()) {
      return config;
    }
    int k = DataSizedDefaults.factors(set.users(), set.items().size(), set.pairs());
    System.err.printf(
        Locale.ROOT,
        "factors auto: %d (%s)%n",
        k,
        DataSizedDefaults.explain(set.users(), set.items().size(), set.pairs()));
    return new TrainingConfig(
        config.als().withFactors(k),
        config.weights(),
        config.popularityHalfLife(),
        config.hygiene(),
        config.evaluation(),
        config.lists(),
        config.evaluate(),
        config.lossCurve());
  }

  /**
   * The configuration from flags, config file and defaults. With {@code factors=auto} the factors
   * are a placeholder ({@link DataSizedDefaults#PLACEHOLDER}) until {@link #fitTo} sees the data.
   */
  TrainingConfig toConfig(boolean evaluate) {
    TrainerDefaults d = defaults();
    AlsParameters als =
        new AlsParameters(
            autoFactors() ? DataSizedDefaults.PLACEHOLDER : parseFactors(factorsSetting()),
            or(iterations, d.integer("iterations")),
            or(regularization, (float) d.number("regularization")),
            or(alpha, (float) d.number("alpha")),
            solver(or(solver, d.string("solver"))),
            or(cgSteps, d.integer("cg-steps")),
            or(seed, (long) d.number("seed")),
            or(threads, Runtime.getRuntime().availableProcessors()),
            weightedRegularization);
    Duration decay =
        halfLife != null ? TrainerDefaults.parseDuration(halfLife) : d.duration("half-life");
    EventWeights eventWeights = EventWeights.parse(or(weights, d.string("weights")), decay);
    if (ratingFloor != null || eventWeights.ratingFloor() == 0) {
      eventWeights =
          eventWeights.withRatingFloor(or(ratingFloor, (float) d.number("rating-floor")));
    }
    Duration popular =
        popularHalfLife != null
            ? TrainerDefaults.parseDuration(popularHalfLife)
            : d.duration("popular-half-life");
    HygieneRules hygiene =
        HygieneRules.defaults().withOutlierIqrFactor(or(outlierIqr, d.number("outlier-iqr")));
    EvaluationSettings eval =
        new EvaluationSettings(
            or(k, d.integer("k")),
            or(holdout, d.number("holdout")),
            or(minItems, d.integer("min-items")),
            or(evalUsers, d.integer("eval-users")),
            or(patience, d.integer("patience")),
            d.integer("knn-neighbours"),
            TemporalSplit.Protocol.parse(or(split, d.string("split"))));
    ModelBuilder.Lists lists =
        new ModelBuilder.Lists(
            or(similarPerItem, d.integer("similar-per-item")),
            d.integer("popular-overall"),
            d.integer("popular-per-category"),
            or(graphMinItems, d.integer("graph-min-items")));
    return new TrainingConfig(
        als, eventWeights, popular, hygiene, eval, lists, evaluate, !noLossCurve);
  }

  private static int parseFactors(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("factors must be a number or auto, got '" + text + "'");
    }
  }

  /** How the run considers the blend of ALS and item-kNN. */
  BlendSetup blendSetup() {
    TrainerDefaults d = defaults();
    return new BlendSetup(
        ModelKind.parse(or(modelKind, d.string("model-kind"))),
        or(blendNeighbours, d.integer("blend-neighbours")),
        or(blendMaxItems, d.integer("blend-max-items")));
  }

  /** Sweeps of a warm-started (incremental) final fit. */
  int warmIterations() {
    int n = or(warmIterations, defaults().integer("warm-iterations"));
    if (n < 1) {
      throw new IllegalArgumentException("--warm-iterations must be >= 1, got " + n);
    }
    return n;
  }

  /** Every how many incremental runs all rows are swept. */
  int allRowsEvery() {
    int n = or(allRowsEvery, defaults().integer("all-rows-every"));
    if (n < 1) {
      throw new IllegalArgumentException("--all-rows-every must be >= 1, got " + n);
    }
    return n;
  }

  /** Above this share of changed shoppers an incremental run sweeps all rows. */
  double allRowsShare() {
    return share("--all-rows-share", or(allRowsShare, defaults().number("all-rows-share")));
  }

  /** In a partial sweep, the share of an item's pairs that must have changed to re-solve it. */
  double itemChangeShare() {
    return share(
        "--item-change-share", or(itemChangeShare, defaults().number("item-change-share")));
  }

  /** Above this share of changed items the item graph is rebuilt. */
  double graphRebuildShare() {
    return share(
        "--graph-rebuild-share", or(graphRebuildShare, defaults().number("graph-rebuild-share")));
  }

  int graphRecallSample() {
    if (graphRecallSample < 0) {
      throw new IllegalArgumentException(
          "--graph-recall-sample must be >= 0, got " + graphRecallSample);
    }
    return graphRecallSample;
  }

  private static double share(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within 0..1, got " + value);
    }
    return value;
  }

  /** The parameters as the manifest and the report record them. */
  static Map<String, Object> describe(TrainingConfig c) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("factors", c.als().factors());
    p.put("iterations", c.als().iterations());
    p.put("regularization", c.als().regularization());
    p.put("alpha", c.als().alpha());
    p.put("solver", c.als().solver().name().toLowerCase(Locale.ROOT));
    p.put("cgSteps", c.als().cgSteps());
    p.put("seed", c.als().seed());
    p.put("threads", c.als().threads());
    p.put("weightedRegularization", c.als().weightedRegularization());
    p.put("weights", c.weights().toString());
    p.put("halfLife", c.weights().halfLife() == null ? "none" : c.weights().halfLife().toString());
    p.put(
        "popularHalfLife",
        c.popularityHalfLife() == null ? "none" : c.popularityHalfLife().toString());
    p.put("outlierIqr", c.hygiene().outlierIqrFactor());
    p.put("ratingFloor", c.weights().ratingFloor());
    p.put("k", c.evaluation().k());
    p.put("split", c.evaluation().split().wireName());
    p.put("holdout", c.evaluation().holdout());
    return p;
  }

  private static AlsParameters.Solver solver(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "cg" -> AlsParameters.Solver.CG;
      case "cholesky" -> AlsParameters.Solver.CHOLESKY;
      default ->
          throw new IllegalArgumentException("unknown solver '" + name + "' (cg or cholesky)");
    };
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
