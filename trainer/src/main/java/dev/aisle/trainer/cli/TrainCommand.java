package dev.aisle.trainer.cli;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.catalog.Item;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.PublishGate;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.trainer.model.PopularListsBuilder;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.snapshot.SnapshotLocation;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.PairTable;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import dev.aisle.trainer.training.WarmStart;
import dev.aisle.trainer.tuning.SearchSpace;
import dev.aisle.trainer.tuning.Tuner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Folds interactions into the training snapshot (or rebuilds it), cleans and weights them, measures "
        + "ALS against the popular and item-kNN baselines on a temporal hold-out, fits the model on all data and "
        + "publishes it (behind the publish gate).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {AisleTrainer.EXIT_0, AisleTrainer.EXIT_1,
        AisleTrainer.EXIT_2, AisleTrainer.EXIT_3, AisleTrainer.EXIT_4, AisleTrainer.EXIT_5})
class TrainCommand implements Callable<Integer> {

  @Mixin
  SourceOptions source;

  @Mixin
  TrainingOptions training;

  @Mixin
  SnapshotOptions snapshot;

  @Mixin
  ReportOptions reportOptions;

  @Option(names = "--out", paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "Where to publish: <out>/<version>/… then <out>/CURRENT.")
  String out;

  @Option(names = "--no-eval", description = "Skip the hold-out evaluation (no validation metric: the gate cannot compare).")
  boolean noEval;

  @Option(names = "--force", description = "Publish even if the gate finds the model worse than the current one.")
  boolean force;

  @Option(names = "--gate-tolerance", paramLabel = "SHARE",
      description = "Relative drop of the validation metric the gate accepts (default from config: 0.05).")
  Double gateTolerance;

  @Option(names = "--tune-budget", paramLabel = "DURATION", description = "Tune ALS within this wall time before "
      + "training (e.g. 10m; off by default); tuned settings are used only if they beat the configured ones on "
      + "validation by --min-gain.")
  String tuneBudget;

  @Option(names = "--min-gain", paramLabel = "SHARE", description = "With --tune-budget: relative validation gain "
      + "a tuned setting needs over the configured one (default: ${DEFAULT-VALUE}).")
  double minGain = 0.005;

  /**
   * A scheduled run's tuning: the default wide search within {@code time}, on this run's hold-out;
   * the configured settings are kept unless a tuned one beats them on validation by the margin.
   */
  private TrainingConfig tuned(TrainingConfig config, PreparedData data, Duration time, TrainingReport report,
      Stages stages) {
    long started = stages.begin();
    TrainingJob job = new TrainingJob(config, System.err::println);
    InteractionMatrix[] fitted = job.trainAndValidation(data.set(), job.split());
    Tuner.Result result = new Tuner(job, System.err::println).tune(fitted[0], fitted[1], config.als(),
        SearchSpace.wide(), new Tuner.Budget(0, time), minGain, config.als().seed());
    stages.end("tune", started, data.set().pairs(), "pairs", result.trials().size() + " fits, budget " + time);
    System.out.println("tuning: " + result.decision());
    report.put("tuning", Map.of("budget", time.toString(), "seconds", result.seconds(), "trials", result.trials(),
        "chosen", result.tuned() ? "tuned" : "defaults", "decision", result.decision()));
    // the chosen sweep count is the evaluation's most: its early stopping, on the same rows and
    // seed, finds the same sweep
    AlsParameters chosen = result.chosenParameters();
    return new TrainingConfig(chosen, config.weights(), config.popularityHalfLife(), config.hygiene(),
        config.evaluation(), config.lists(), config.evaluate(), config.lossCurve());
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
    if (tuneBudget != null && noEval) {
      throw new IllegalArgumentException("--tune-budget needs the hold-out evaluation: drop --no-eval");
    }
    Duration tuneTime = tuneBudget == null ? null : TrainerDefaults.parseDuration(tuneBudget);
    double tolerance = gateTolerance != null ? gateTolerance : training.defaults().number("gate-tolerance");
    PublishGate gate = new PublishGate(unsized.evaluation().metric(), tolerance, force);
    TrainingReport report = new TrainingReport(name());
    Optional<SnapshotLocation> kept = snapshot.location(target);
    Path work = snapshot.newWorkDir();
    long started = System.nanoTime();
    try (Stages stages = new Stages(progress);
        SnapshotLocation.Opened opened = kept.map(SnapshotLocation::open).orElse(null)) {
      SnapshotStore store = opened == null ? null : opened.store();
      InteractionSource input = source.source(progress, unsized.als().threads());
      LocalSnapshot built = snapshot.build(input, source.cutoff(), store, unsized, stages, progress, work);
      PreparedData data = Preparation.open(input.name(), built, unsized, stages, started);
      TrainingConfig config = training.fitTo(unsized, data.set());
      report.data(data);
      Summary.data(data);
      if (tuneTime != null) {
        config = tuned(config, data, tuneTime, report, stages);
      }
      Map<String, Object> parameters = TrainingOptions.describe(config);
      report.parameters(parameters);
      boolean gated = train(data, input, config, target, gate, parameters, report, stages, store);
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

  /** @return whether the gate kept the model from publishing */
  private boolean train(PreparedData data, InteractionSource input, TrainingConfig config, ModelLocation target,
      PublishGate gate, Map<String, Object> parameters, TrainingReport report, Stages stages, SnapshotStore store) {
    Consumer<String> progress = System.err::println;
    TrainingJob job = new TrainingJob(config, progress);
    int iterations = config.als().iterations();
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (config.evaluate()) {
      long started = stages.begin();
      Evaluation evaluation = job.evaluate(data.set());
      stages.end("evaluate", started, data.set().pairs(), "pairs", "hold-out fits and baselines");
      report.evaluation(evaluation);
      Summary.evaluation(evaluation, config.evaluation().k());
      iterations = evaluation.bestIterations();
      metrics.put(PublishGate.VALIDATION, evaluation.validation());
      metrics.put("test", evaluation.test());
    }
    Optional<WarmStart> warm = "incremental".equals(data.snapshot().mode())
        ? WarmStart.from(target, config.als().factors(), progress) : Optional.empty();
    if (warm.isPresent()) {
      iterations = Math.min(iterations, training.warmIterations());
    }
    int sweeps = iterations;
    long alsStarted = stages.begin();
    FitResult fit = job.fitAll(data.set(), sweeps,
        warm.map(w -> w.initializer(data.set().items(), progress)).orElse(null));
    stages.end("als", alsStarted, data.set().pairs(), "pairs", sweeps + " sweeps"
        + warm.map(w -> ", warm start from " + w.version()).orElse(""));
    report.put("final", Map.of("iterations", sweeps, "seconds", fit.seconds(), "curve", fit.curve(),
        "warmStart", warm.map(WarmStart::version).orElse("none")));
    parameters.put("iterations", sweeps);
    // what the model saw: the snapshot version and its cut (events accepted, or stamped, up to it)
    parameters.put("snapshot", data.snapshot().manifest().version());
    parameters.put("cut", data.snapshot().manifest().cut().toString());

    long modelInput = stages.begin();
    PairTable pairs = data.set().pairTable();
    Map<String, Item> catalog = input.catalog();
    report.catalog(catalog.size());
    stages.end("model", modelInput, pairs.pairs(), "pairs", "shopper ids and purchases for the model, catalog");
    Instant created = Instant.now();
    Map<String, Long> counts = new LinkedHashMap<>(data.hygiene().toCounts());
    counts.put("events", pairs.eventCount());
    counts.put("pairs", (long) pairs.pairs());
    counts.put("new_events", data.snapshot().eventsFolded());
    ModelManifest manifest = ModelBuilder.manifest(ModelBuilder.newVersion(created), created, config.als().factors(),
        parameters, metrics, counts);
    Model model = buildModel(pairs, fit, catalog, config, manifest, stages);
    System.out.printf(Locale.ROOT, "model %s: %d users x %d items, %d factors, %d iterations in %.1f s%n",
        model.version(), pairs.users().size(), model.items().size(), model.factors(), sweeps, fit.seconds());

    Optional<String> newer = supersededBy(store, data.snapshot());
    ModelRepository.Outcome outcome;
    long publishStarted = stages.begin();
    if (newer.isPresent()) {
      outcome = new ModelRepository.Outcome(model.version(), target.toString(), false,
          "snapshot " + newer.get() + " holds later events: its run publishes instead");
    } else {
      try (ModelRepository repository = new ModelRepository(target)) {
        outcome = repository.publish(model, gate);
      }
    }
    stages.end("publish", publishStarted, model.items().size(), "items",
        outcome.published() ? "to " + outcome.location() : "not published");
    report.put("model", Map.of("version", outcome.version(), "location", outcome.location(),
        "published", outcome.published(), "reason", outcome.reason()));
    System.out.println((outcome.published() ? "published " : newer.isPresent() ? "not published (superseded) "
        : "not published (gate) ") + outcome.version() + " to " + outcome.location() + ": " + outcome.reason());
    if (outcome.published()) {
      RunMetrics.published();
      // the model ships no shopper factors: what follows a publish gets the trainer's own
      afterPublish(model, new FactorMatrix(fit.factors().users(), pairs.users().size(), model.factors()),
          pairs.users(), report);
    }
    return !outcome.published() && newer.isEmpty();
  }

  /**
   * The model: {@link ModelBuilder}'s one call, which builds similar items and popular lists inside.
   * Popular lists are also built once on their own (linear in the catalog) to time them, so the
   * report gives similar items (the rest of the call) and popular lists a line each.
   */
  private Model buildModel(PairTable pairs, FitResult fit, Map<String, Item> catalog, TrainingConfig config,
      ModelManifest manifest, Stages stages) {
    int items = pairs.items().size();
    long started = stages.begin();
    String[] categories = new String[items];
    for (int i = 0; i < items; i++) {
      Item item = catalog.get(pairs.items().idAt(i));
      categories[i] = item == null || item.category() == null ? "" : item.category();
    }
    PopularListsBuilder.build(pairs.items(), pairs.itemPopularity(), categories, catalog,
        config.lists().popularOverall(), config.lists().popularPerCategory());
    double popular = (System.nanoTime() - started) / 1e9;
    double popularCpu = stages.cpuSeconds();
    stages.end("popular", started, items, "items", null);
    long modelStarted = stages.begin();
    Model model = ModelBuilder.build(pairs, fit.factors(), catalog, config.lists(), manifest, config.als().threads());
    double similar = Math.max(0, (System.nanoTime() - modelStarted) / 1e9 - popular);
    double similarCpu = Math.max(0, stages.cpuSeconds() - popularCpu);
    stages.add(new Stages.Stage("similar", similar, similarCpu, items, "items", stages.peak(), stages.peakAfterGc(),
        config.lists().similarPerItem() == 0 ? "skipped: similar-per-item 0"
            : config.lists().similarPerItem() + " per item, exact"));
    return model;
  }

  /** A later snapshot committed by another run since this one folded (its model must win), if any. */
  private static Optional<String> supersededBy(SnapshotStore store, LocalSnapshot mine) {
    if (store == null || !mine.committed()) {
      return Optional.empty();
    }
    return store.current().filter(s -> s.manifest().cut().isAfter(mine.manifest().cut())).map(Snapshot::version);
  }

  /** What follows a published model: nothing for train; the pipeline refreshes the CDN. */
  void afterPublish(Model model, FactorMatrix shopperFactors, IdIndex shoppers, TrainingReport report) {}
}
