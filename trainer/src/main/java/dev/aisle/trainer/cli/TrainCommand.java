package dev.aisle.trainer.cli;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.JitWarmUp;
import dev.aisle.ann.ApproximateTopK;
import dev.aisle.catalog.Item;
import dev.aisle.model.BlendSettings;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.serving.ServedModel;
import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.s3.ReleaseGate;
import dev.aisle.trainer.blend.BlendChoice;
import dev.aisle.trainer.blend.BlendSetup;
import dev.aisle.trainer.blend.BlendTuner;
import dev.aisle.trainer.blend.ModelKind;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.evaluation.AlsScorer;
import dev.aisle.trainer.evaluation.Evaluator;
import dev.aisle.trainer.evaluation.ItemKnnScorer;
import dev.aisle.trainer.evaluation.LaterEvents;
import dev.aisle.trainer.model.GraphReuse;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.trainer.model.PopularListsBuilder;
import dev.aisle.trainer.model.SimilarItemsBuilder;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.snapshot.SnapshotLocation;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.EvaluationSettings;
import dev.aisle.trainer.training.FitEngine;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.PairTable;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.RowSelection;
import dev.aisle.trainer.training.SweepPlan;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import dev.aisle.trainer.training.TrainingState;
import dev.aisle.trainer.training.WarmStart;
import dev.aisle.trainer.tuning.SearchSpace;
import dev.aisle.trainer.tuning.Tuner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Folds interactions into the training snapshot (or rebuilds it), cleans and weights them, measures "
            + "ALS against the popular and item-kNN baselines on a temporal hold-out, fits the model on all data and "
            + "publishes it (behind the publish gate).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      AisleTrainer.EXIT_0,
      AisleTrainer.EXIT_1,
      AisleTrainer.EXIT_2,
      AisleTrainer.EXIT_3,
      AisleTrainer.EXIT_4,
      AisleTrainer.EXIT_5
    })
class TrainCommand implements Callable<Integer> {

  /** What fits the published model: this JVM unless the Spark job sets its own. */
  FitEngine engine = FitEngine.SINGLE_NODE;

  @Mixin SourceOptions source;

  @Mixin TrainingOptions training;

  @Mixin SnapshotOptions snapshot;

  @Mixin ReportOptions reportOptions;

  @Option(
      names = "--out",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "Where to publish: <out>/<version>/… then <out>/CURRENT.")
  String out;

  @Option(
      names = "--no-eval",
      description = "Skip the hold-out evaluation (no validation metric: the gate cannot compare).")
  boolean noEval;

  @Option(
      names = "--force",
      description = "Publish even if the gate finds the model worse than the current one.")
  boolean force;

  @Option(
      names = "--gate-tolerance",
      paramLabel = "SHARE",
      description =
          "Relative drop of the validation metric the gate accepts (default from config: 0.05).")
  Double gateTolerance;

  @Option(
      names = "--tune-budget",
      paramLabel = "DURATION",
      description =
          "Tune ALS within this wall time before "
              + "training (e.g. 10m; off by default); tuned settings are used only if they beat the configured ones on "
              + "validation by --min-gain.")
  String tuneBudget;

  @Option(
      names = "--measure-on",
      paramLabel = "FILE",
      hidden = true,
      description =
          "Benchmarks: measure the final "
              + "model's lists against the pairs a later interactions CSV adds (NDCG@10 and more, in the report's "
              + "'later').")
  Path measureOn;

  @Option(
      names = "--min-gain",
      paramLabel = "SHARE",
      description =
          "With --tune-budget: relative validation gain "
              + "a tuned setting needs over the configured one (default: ${DEFAULT-VALUE}).")
  double minGain = 0.005;

  /**
   * A scheduled run's tuning: the default wide search within {@code time}, on this run's hold-out;
   * the configured settings are kept unless a tuned one beats them on validation by the margin.
   */
  private TrainingConfig tuned(
      TrainingConfig config,
      PreparedData data,
      Duration time,
      TrainingReport report,
      Stages stages) {
    long started = stages.begin();
    TrainingJob job = new TrainingJob(config, System.err::println);
    InteractionMatrix[] fitted = job.trainAndValidation(data.set(), job.split());
    Tuner.Result result =
        new Tuner(job, System.err::println)
            .tune(
                fitted[0],
                fitted[1],
                config.als(),
                SearchSpace.wide(),
                new Tuner.Budget(0, time),
                minGain,
                config.als().seed());
    stages.end(
        "tune",
        started,
        data.set().pairs(),
        "pairs",
        result.trials().size() + " fits, budget " + time);
    System.out.println("tuning: " + result.decision());
    report.put(
        "tuning",
        Map.of(
            "budget",
            time.toString(),
            "seconds",
            result.seconds(),
            "trials",
            result.trials(),
            "chosen",
            result.tuned() ? "tuned" : "defaults",
            "decision",
            result.decision()));
    // the chosen sweep count is the evaluation's most: its early stopping, on the same rows and
    // seed, finds the same sweep
    AlsParameters chosen = result.chosenParameters();
    return new TrainingConfig(
        chosen,
        config.weights(),
        config.popularityHalfLife(),
        config.hygiene(),
        config.evaluation(),
        config.lists(),
        config.evaluate(),
        config.lossCurve());
  }

  /** The location to publish to when --out is not given; train requires it. */
  String defaultOut() {
    throw new IllegalArgumentException("train needs --out DIR or --out s3://BUCKET/PREFIX");
  }

  String name() {
    return "train";
  }

  @Override
  public Integer call() {
    Consumer<String> progress = System.err::println;
    ModelLocation target = ModelLocation.parse(out != null ? out : defaultOut());
    TrainingConfig unsized = training.toConfig(!noEval);
    BlendSetup blendSetup = training.blendSetup();
    if (blendSetup.kind() == ModelKind.BLEND && noEval) {
      throw new IllegalArgumentException(
          "--model-kind blend needs the hold-out evaluation (it chooses the weight): "
              + "drop --no-eval");
    }
    if (tuneBudget != null && noEval) {
      throw new IllegalArgumentException(
          "--tune-budget needs the hold-out evaluation: drop --no-eval");
    }
    Duration tuneTime = tuneBudget == null ? null : TrainerDefaults.parseDuration(tuneBudget);
    if (engine == FitEngine.SINGLE_NODE || !noEval) {
      // this JVM will fit: the solver compiles on a spare core while the data is read
      // (docs/trainer.md, JIT warm-up)
      JitWarmUp.startInBackground(unsized.als());
    }
    double tolerance =
        gateTolerance != null ? gateTolerance : training.defaults().number("gate-tolerance");
    ReleaseGate gate = new ReleaseGate(unsized.evaluation().metric(), tolerance, force);
    TrainingReport report = new TrainingReport(name());
    Optional<SnapshotLocation> kept = snapshot.location(target);
    Path work = snapshot.newWorkDir();
    long started = System.nanoTime();
    try (Stages stages = new Stages(progress);
        SnapshotLocation.Opened opened = kept.map(SnapshotLocation::open).orElse(null)) {
      SnapshotStore store = opened == null ? null : opened.store();
      InteractionSource input = source.source(progress, unsized.als().threads());
      LocalSnapshot built =
          snapshot.build(input, source.cutoff(), store, unsized, stages, progress, work);
      PreparedData data = Preparation.open(input.name(), built, unsized, stages, started);
      TrainingConfig config = training.fitTo(unsized, data.set());
      report.data(data);
      Summary.data(data);
      if (tuneTime != null) {
        config = tuned(config, data, tuneTime, report, stages);
      }
      Map<String, Object> parameters = TrainingOptions.describe(config);
      report.parameters(parameters);
      boolean gated =
          train(
              data,
              input,
              config,
              blendSetup,
              target,
              gate,
              parameters,
              report,
              stages,
              store,
              kept);
      report.put("stages", stages.toReport());
      reportOptions.write(report);
      if (gated) {
        RunMetrics.gated();
        return AisleTrainer.GATED;
      }
      return 0;
    } finally {
      SnapshotOptions.deleteWorkDir(work);
    }
  }

  /**
   * @return whether the gate kept the model from publishing
   */
  private boolean train(
      PreparedData data,
      InteractionSource input,
      TrainingConfig config,
      BlendSetup blendSetup,
      ModelLocation target,
      ReleaseGate gate,
      Map<String, Object> parameters,
      TrainingReport report,
      Stages stages,
      SnapshotStore store,
      Optional<SnapshotLocation> kept) {
    Consumer<String> progress = System.err::println;
    TrainingJob job = new TrainingJob(config, progress);
    Map<String, Object> metrics = new LinkedHashMap<>();
    Evaluated evaluated =
        evaluate(job, data, config, blendSetup, parameters, metrics, report, stages);
    FinalFit fit =
        fitFinal(job, data, config, target, evaluated.iterations(), stages, store, kept, progress);
    record(fit, data, parameters, report);
    BlendChoice blend = evaluated.blend();
    FitResult result = fit.result();

    long modelInput = stages.begin();
    PairTable pairs = data.set().pairTable();
    Map<String, Item> catalog = input.catalog();
    report.catalog(catalog.size());
    stages.end(
        "model",
        modelInput,
        pairs.pairs(),
        "pairs",
        "shopper ids and purchases for the model, catalog");
    Instant created = Instant.now();
    Map<String, Long> counts = counts(data, pairs);
    GraphReuse graph = itemGraph(fit.warm(), pairs, result, config, parameters, report, progress);
    ModelManifest manifest =
        ModelBuilder.manifest(
            ModelBuilder.newVersion(created),
            created,
            created,
            engine.name(),
            config.als().factors(),
            0,
            parameters,
            metrics,
            counts);
    Model model = buildModel(pairs, result, catalog, config, manifest, stages, graph);
    if (blend.chosen()) {
      long knnStarted = stages.begin();
      model =
          model.withKnn(
              new ItemKnnScorer(
                      data.set().matrix(), blendSetup.neighbours(), config.als().threads())
                  .lists());
      stages.end(
          "knn",
          knnStarted,
          model.items().size(),
          "items",
          blendSetup.neighbours() + " item-kNN neighbours per item for the blend");
    }
    measureGraphRecall(model, result, stages, report);
    measureOnLaterEvents(data, pairs, result, config, stages, report);
    saveState(store, data, config, fit.prior(), fit.sweep(), model, pairs, result, stages);
    System.out.printf(
        Locale.ROOT,
        "model %s: %d users x %d items, %d factors, %d iterations in %.1f s%n",
        model.version(),
        pairs.users().size(),
        model.items().size(),
        model.factors(),
        fit.sweeps(),
        result.seconds());

    Optional<String> newer = supersededBy(store, data.snapshot());
    ModelRepository.Outcome outcome = publish(model, target, gate, newer, stages, report);
    if (outcome.published()) {
      RunMetrics.published();
      // the model ships no shopper factors: what follows a publish gets the trainer's own
      afterPublish(
          model,
          new FactorMatrix(result.factors().users(), pairs.users().size(), model.factors()),
          pairs.users(),
          report);
    }
    return !outcome.published() && newer.isEmpty();
  }

  /** The hygiene counts and the sizes the manifest records. */
  private static Map<String, Long> counts(PreparedData data, PairTable pairs) {
    Map<String, Long> counts = new LinkedHashMap<>(data.hygiene().toCounts());
    counts.put("events", pairs.eventCount());
    counts.put("pairs", (long) pairs.pairs());
    counts.put("new_events", data.snapshot().eventsFolded());
    return counts;
  }

  /**
   * Whether the previous model's item graph is extended or a new one built (only catalogs large
   * enough for a graph report it).
   */
  private GraphReuse itemGraph(
      Optional<WarmStart> warm,
      PairTable pairs,
      FitResult result,
      TrainingConfig config,
      Map<String, Object> parameters,
      TrainingReport report,
      Consumer<String> progress) {
    GraphReuse graph =
        warm.filter(w -> w.graph() != null)
            .map(
                w ->
                    GraphReuse.decide(
                        w.items(),
                        w.factors(),
                        w.graph(),
                        pairs.items(),
                        result.factors().items(),
                        config.als().factors(),
                        training.graphRebuildShare()))
            .orElse(GraphReuse.rebuild("no previous graph"));
    if (pairs.items().size() >= config.lists().graphMinItems()) {
      parameters.put("graph", graph.reuse() ? "extended" : "built");
      progress.accept("item graph: " + graph.reason());
      report.put(
          "graph",
          Map.of(
              "reused",
              graph.reuse(),
              "reason",
              graph.reason(),
              "changedItems",
              graph.changed(),
              "insertedItems",
              graph.inserted()));
    }
    return graph;
  }

  /** The hold-out sweep count and the blend decision (defaults when evaluation is off). */
  private record Evaluated(int iterations, BlendChoice blend) {}

  private Evaluated evaluate(
      TrainingJob job,
      PreparedData data,
      TrainingConfig config,
      BlendSetup blendSetup,
      Map<String, Object> parameters,
      Map<String, Object> metrics,
      TrainingReport report,
      Stages stages) {
    int iterations = config.als().iterations();
    BlendChoice blend = BlendChoice.notMeasured("no hold-out evaluation: ALS is served.");
    if (config.evaluate()) {
      long started = stages.begin();
      Evaluation evaluation = job.evaluate(data.set());
      stages.end("evaluate", started, data.set().pairs(), "pairs", "hold-out fits and baselines");
      report.evaluation(evaluation);
      Summary.evaluation(evaluation, config.evaluation().k());
      iterations = evaluation.bestIterations();
      metrics.put(ReleaseGate.VALIDATION, evaluation.validation());
      metrics.put("test", evaluation.test());
      blend = measureBlend(job, data, config, blendSetup, iterations, report, stages);
      if (blend.chosen()) {
        // the gate compares what is served: the blend's validation metric
        Map<String, Double> validation = new LinkedHashMap<>(evaluation.validation());
        validation.put(config.evaluation().metric(), blend.validation().get("blend"));
        metrics.put(ReleaseGate.VALIDATION, validation);
        parameters.putAll(
            new BlendSettings(blend.weight(), blendSetup.neighbours()).toParameters());
      } else {
        parameters.put(BlendSettings.KIND, BlendSettings.ALS);
      }
      if (blend.measured()) {
        metrics.put(
            "blend",
            Map.of(
                "weight", blend.weight(), "validation", blend.validation(), "test", blend.test()));
      }
    }
    return new Evaluated(iterations, blend);
  }

  /**
   * The final fit and how it swept: a partial sweep from the previous run's state, every row from
   * the previous model's item factors, or cold.
   */
  private record FinalFit(
      FitResult result,
      int sweeps,
      String sweep,
      String reason,
      RowSelection rows,
      Optional<WarmStart> warm,
      Optional<TrainingState.Prior> prior) {}

  private FinalFit fitFinal(
      TrainingJob job,
      PreparedData data,
      TrainingConfig config,
      ModelLocation target,
      int evaluatedIterations,
      Stages stages,
      SnapshotStore store,
      Optional<SnapshotLocation> kept,
      Consumer<String> progress) {
    int iterations = evaluatedIterations;
    boolean incremental = "incremental".equals(data.snapshot().mode());
    Optional<WarmStart> warm =
        incremental ? WarmStart.from(target, config.als().factors(), progress) : Optional.empty();
    Optional<TrainingState.Prior> prior =
        incremental ? previousState(store, data, config, stages) : Optional.empty();
    if (warm.isPresent() || prior.isPresent()) {
      iterations = Math.min(iterations, training.warmIterations());
    }
    int sweeps = iterations;
    long alsStarted = stages.begin();
    FitResult fit;
    String sweep;
    String sweepReason;
    RowSelection rows = null;
    // a partial sweep re-solves rows in this JVM; another engine sweeps every row from the warm
    // start
    if (prior.isPresent() && engine == FitEngine.SINGLE_NODE) {
      InteractionMatrix matrix = data.set().matrix();
      RowSelection changed =
          RowSelection.of(
              matrix,
              prior.get().changedUsers(),
              prior.get().knownItems(),
              training.itemChangeShare());
      SweepPlan plan =
          SweepPlan.decide(
              prior.get().partialRuns(),
              training.allRowsEvery(),
              changed.userShare(matrix.rows()),
              training.allRowsShare());
      rows =
          plan.partial()
              ? changed
              : new RowSelection(
                  IntStream.range(0, matrix.rows()).toArray(),
                  IntStream.range(0, matrix.columns()).toArray());
      sweep = plan.kind();
      sweepReason = plan.reason();
      progress.accept(
          String.format(
              Locale.ROOT,
              "sweep: %s (%s): %d of %d shoppers, %d of %d items re-solved from "
                  + "the previous run's factors",
              sweep,
              sweepReason,
              rows.users().length,
              matrix.rows(),
              rows.items().length,
              matrix.columns()));
      fit = job.refit(matrix, sweeps, prior.get(), rows);
    } else {
      sweep = warm.isPresent() ? "warm-start" : "cold";
      sweepReason =
          warm.isPresent()
              ? "no training state from the previous run: every row, from the model's item "
                  + "factors"
              : incremental ? "no previous model with these factors" : "full run";
      // the snapshot is where a distributed engine's tasks read it: only a committed version is
      // there
      Optional<SnapshotLocation> committed = data.snapshot().committed() ? kept : Optional.empty();
      fit =
          engine.fitAll(
              new FitEngine.Request(
                  job, config.als().withIterations(sweeps), data.set(), committed, warm, progress));
    }
    String selected =
        rows == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (%d shoppers, %d items re-solved)",
                rows.users().length,
                rows.items().length);
    stages.end(
        "als",
        alsStarted,
        data.set().pairs(),
        "pairs",
        sweeps
            + " sweeps on "
            + engine.name()
            + ", "
            + sweep
            + selected
            + warm.map(w -> ", warm start from " + w.version()).orElse(""));
    return new FinalFit(fit, sweeps, sweep, sweepReason, rows, warm, prior);
  }

  /** The final fit in the report and the model's parameters. */
  private static void record(
      FinalFit fit, PreparedData data, Map<String, Object> parameters, TrainingReport report) {
    Map<String, Object> finalFit = new LinkedHashMap<>();
    finalFit.put("iterations", fit.sweeps());
    finalFit.put("seconds", fit.result().seconds());
    finalFit.put("curve", fit.result().curve());
    finalFit.put("warmStart", fit.warm().map(WarmStart::version).orElse("none"));
    finalFit.put("sweep", fit.sweep());
    finalFit.put("sweepReason", fit.reason());
    if (fit.rows() != null) {
      finalFit.put("shoppersResolved", fit.rows().users().length);
      finalFit.put("itemsResolved", fit.rows().items().length);
    }
    report.put("final", finalFit);
    parameters.put("sweep", fit.sweep());
    parameters.put("iterations", fit.sweeps());
    // what the model saw: the snapshot version and its cut (events accepted, or stamped, up to it)
    parameters.put("snapshot", data.snapshot().manifest().version());
    parameters.put("cut", data.snapshot().manifest().cut().toString());
  }

  /** Publishes through the gate, unless a later run's snapshot supersedes this one. */
  private static ModelRepository.Outcome publish(
      Model model,
      ModelLocation target,
      ReleaseGate gate,
      Optional<String> newer,
      Stages stages,
      TrainingReport report) {
    ModelRepository.Outcome outcome;
    long publishStarted = stages.begin();
    if (newer.isPresent()) {
      outcome =
          new ModelRepository.Outcome(
              model.version(),
              target.toString(),
              false,
              "snapshot " + newer.get() + " holds later events: its run publishes instead");
    } else {
      try (ModelRepository repository = new ModelRepository(target)) {
        outcome = repository.publish(model, gate);
      }
    }
    stages.end(
        "publish",
        publishStarted,
        model.items().size(),
        "items",
        outcome.published() ? "to " + outcome.location() : "not published");
    report.put(
        "model",
        Map.of(
            "version",
            outcome.version(),
            "location",
            outcome.location(),
            "published",
            outcome.published(),
            "reason",
            outcome.reason()));
    System.out.println(
        (outcome.published()
                ? "published "
                : newer.isPresent() ? "not published (superseded) " : "not published (gate) ")
            + outcome.version()
            + " to "
            + outcome.location()
            + ": "
            + outcome.reason());
    return outcome;
  }

  /**
   * The model: {@link ModelBuilder}'s one call, which builds similar items and popular lists
   * inside. Popular lists are also built once on their own (linear in the catalog) to time them, so
   * the report gives similar items (the rest of the call) and popular lists a line each.
   */
  private Model buildModel(
      PairTable pairs,
      FitResult fit,
      Map<String, Item> catalog,
      TrainingConfig config,
      ModelManifest manifest,
      Stages stages,
      GraphReuse graph) {
    int items = pairs.items().size();
    long started = stages.begin();
    String[] categories = new String[items];
    for (int i = 0; i < items; i++) {
      Item item = catalog.get(pairs.items().idAt(i));
      categories[i] = item == null || item.category() == null ? "" : item.category();
    }
    PopularListsBuilder.build(
        pairs.items(),
        pairs.itemPopularity(),
        categories,
        catalog,
        config.lists().popularOverall(),
        config.lists().popularPerCategory());
    double popular = (System.nanoTime() - started) / 1e9;
    double popularCpu = stages.cpuSeconds();
    stages.end("popular", started, items, "items", null);
    long modelStarted = stages.begin();
    Model model =
        ModelBuilder.build(
            pairs, fit.factors(), catalog, config.lists(), manifest, config.als().threads(), graph);
    double similar = Math.max(0, (System.nanoTime() - modelStarted) / 1e9 - popular);
    double similarCpu = Math.max(0, stages.cpuSeconds() - popularCpu);
    stages.add(
        new Stages.Stage(
            "similar",
            similar,
            similarCpu,
            items,
            "items",
            stages.peak(),
            stages.peakAfterGc(),
            (config.lists().similarPerItem() == 0
                    ? "skipped: similar-per-item 0"
                    : config.lists().similarPerItem()
                        + (SimilarItemsBuilder.searchesGraph(items)
                            ? " per item, cosine graph"
                            : " per item, exact"))
                + (model.graph() == null
                    ? ""
                    : "; item graph " + (graph.reuse() ? "extended" : "built"))));
    return model;
  }

  /**
   * The factors the run on the previous snapshot version left (empty: none, blanked, or other
   * factors).
   */
  private Optional<TrainingState.Prior> previousState(
      SnapshotStore store, PreparedData data, TrainingConfig config, Stages stages) {
    String previous = data.snapshot().manifest().previousVersion();
    if (store == null || previous == null) {
      return Optional.empty();
    }
    long started = stages.begin();
    Optional<TrainingState.Prior> prior =
        TrainingState.read(
            store.storage(), previous, data.set(), config.als().factors(), config.als().seed());
    stages.end(
        "prior",
        started,
        data.set().users(),
        "shoppers",
        prior.isPresent() ? "previous run's factors read" : "no training state of " + previous);
    return prior;
  }

  /**
   * Keeps this run's factors beside its snapshot version for the next incremental run (only when
   * this run committed the version it trained on).
   */
  private static void saveState(
      SnapshotStore store,
      PreparedData data,
      TrainingConfig config,
      Optional<TrainingState.Prior> prior,
      String sweep,
      Model model,
      PairTable pairs,
      FitResult fit,
      Stages stages) {
    if (store == null || !data.snapshot().committed()) {
      return;
    }
    long started = stages.begin();
    int partialRuns =
        SweepPlan.PARTIAL.equals(sweep)
            ? prior.map(TrainingState.Prior::partialRuns).orElse(0) + 1
            : 0;
    Path file = null;
    try {
      file = Files.createTempFile("aisle-training-state-", ".bin");
      TrainingState.write(
          file,
          config.als().factors(),
          partialRuns,
          model.version(),
          pairs.items(),
          fit.factors().items(),
          pairs.users(),
          data.set(),
          fit.factors().users());
      TrainingState.put(store.storage(), data.snapshot().manifest().version(), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the training state", e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
    stages.end("state", started, pairs.users().size(), "shoppers", "factors kept for the next run");
  }

  /** With --measure-on: the final factors' lists against what the shoppers touched later. */
  private void measureOnLaterEvents(
      PreparedData data,
      PairTable pairs,
      FitResult fit,
      TrainingConfig config,
      Stages stages,
      TrainingReport report) {
    if (measureOn == null) {
      return;
    }
    long started = stages.begin();
    InteractionMatrix seen = data.set().matrix();
    InteractionMatrix later = LaterEvents.heldOut(measureOn, pairs.users(), pairs.items(), seen);
    EvaluationSettings eval = config.evaluation();
    Evaluator evaluator =
        new Evaluator(
            seen, later, eval.k(), eval.maxUsers(), config.als().seed(), config.als().threads());
    ImplicitAls.Factors f = fit.factors();
    Map<String, Double> metrics =
        evaluator.evaluate(() -> new AlsScorer(f.users(), f.items(), f.factors())).toMap();
    System.out.println(
        "later events "
            + measureOn.getFileName()
            + ": "
            + evaluator.users()
            + " shoppers, "
            + metrics);
    report.put(
        "later",
        Map.of("file", measureOn.toString(), "shoppers", evaluator.users(), "metrics", metrics));
    stages.end("measure", started, later.nonZeros(), "pairs", "against later events");
  }

  /**
   * Recall@10 of the model's graph search against the exact scan, for sampled shoppers' vectors.
   */
  private void measureGraphRecall(
      Model model, FitResult fit, Stages stages, TrainingReport report) {
    int sample = training.graphRecallSample();
    if (sample == 0 || model.graph() == null) {
      return;
    }
    long started = stages.begin();
    int k = model.factors();
    float[] users = fit.factors().users();
    int shoppers = users.length / k;
    TopKScorer exact = new TopKScorer(model.itemFactors());
    ApproximateTopK approximate =
        new ApproximateTopK(model.graph(), model.itemFactors(), ServedModel.DEFAULT_EF);
    SplittableRandom random = new SplittableRandom(17);
    long found = 0;
    long wanted = 0;
    for (int q = 0; q < sample; q++) {
      int row = random.nextInt(shoppers);
      float[] query = Arrays.copyOfRange(users, row * k, (row + 1) * k);
      ScoredRows truth = exact.top(query, 10, Candidates.ALL);
      ScoredRows approx = approximate.top(query, 10, Candidates.ALL, Long.MAX_VALUE);
      Set<Integer> got = new HashSet<>();
      for (int i = 0; i < approx.size(); i++) {
        got.add(approx.row(i));
      }
      for (int i = 0; i < truth.size(); i++) {
        wanted++;
        found += got.contains(truth.row(i)) ? 1 : 0;
      }
    }
    double recall = wanted == 0 ? 1 : (double) found / wanted;
    System.err.printf(
        Locale.ROOT,
        "item graph recall@10 against the exact scan: %.4f (%d shoppers, ef %d)%n",
        recall,
        sample,
        ServedModel.DEFAULT_EF);
    report.put(
        "graphRecall",
        Map.of("recallAt10", recall, "shoppers", sample, "ef", ServedModel.DEFAULT_EF));
    stages.end(
        "graph-recall",
        started,
        sample,
        "shoppers",
        String.format(Locale.ROOT, "recall@10 %.4f", recall));
  }

  /**
   * The blend's measurement on this run's hold-out (nothing for model-kind als), reported and
   * summarized.
   */
  static BlendChoice measureBlend(
      TrainingJob job,
      PreparedData data,
      TrainingConfig config,
      BlendSetup setup,
      int sweeps,
      TrainingReport report,
      Stages stages) {
    long started = stages.begin();
    BlendChoice blend =
        new BlendTuner(job, config.evaluation(), System.err::println)
            .choose(data.set(), config.als(), sweeps, setup);
    if (blend.measured()) {
      stages.end(
          "blend",
          started,
          data.set().pairs(),
          "pairs",
          "weight on validation, blend on the test rows");
    }
    report.put("blend", blend.toReport());
    Summary.blend(blend, config.evaluation().k());
    return blend;
  }

  /**
   * A later snapshot committed by another run since this one folded (its model must win), if any.
   */
  private static Optional<String> supersededBy(SnapshotStore store, LocalSnapshot mine) {
    if (store == null || !mine.committed()) {
      return Optional.empty();
    }
    return store
        .current()
        .filter(s -> s.manifest().cut().isAfter(mine.manifest().cut()))
        .map(Snapshot::version);
  }

  /** What follows a published model: nothing for train; the pipeline refreshes the CDN. */
  void afterPublish(
      Model model, FactorMatrix shopperFactors, IdIndex shoppers, TrainingReport report) {}
}
