package dev.aisle.trainer.cli;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.storage.PublishGate;
import dev.aisle.trainer.data.LoadedData;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Cleans and weights interactions, measures ALS against the popular and item-kNN baselines on a "
        + "temporal hold-out, fits the model on all data and publishes it (behind the publish gate).")
class TrainCommand implements Callable<Integer> {

  @Mixin
  SourceOptions source;

  @Mixin
  TrainingOptions training;

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
    TrainingConfig config = training.toConfig(!noEval);
    double tolerance = gateTolerance != null ? gateTolerance : training.defaults().number("gate-tolerance");
    PublishGate gate = new PublishGate(config.evaluation().metric(), tolerance, force);
    TrainingReport report = new TrainingReport(name());
    Map<String, Object> parameters = TrainingOptions.describe(config);
    report.parameters(parameters);

    LoadedData loaded = source.load(progress);
    PreparedData data = PreparedData.prepare(loaded, config);
    report.data(data);
    Summary.data(data);
    TrainingJob job = new TrainingJob(config, progress);

    int iterations = config.als().iterations();
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (config.evaluate()) {
      Evaluation evaluation = job.evaluate(data.pairs());
      report.evaluation(evaluation);
      Summary.evaluation(evaluation, config.evaluation().k());
      iterations = evaluation.bestIterations();
      metrics.put(PublishGate.VALIDATION, evaluation.validation());
      metrics.put("test", evaluation.test());
    }
    FitResult fit = job.fitAll(data.pairs(), iterations);
    report.put("final", Map.of("iterations", iterations, "seconds", fit.seconds(), "curve", fit.curve()));
    parameters.put("iterations", iterations);

    Instant created = Instant.now();
    Map<String, Long> counts = new LinkedHashMap<>(data.hygiene().toCounts());
    counts.put("events", data.pairs().eventCount());
    counts.put("pairs", (long) data.pairs().pairs());
    ModelManifest manifest = ModelBuilder.manifest(ModelBuilder.newVersion(created), created, config.als().factors(),
        parameters, metrics, counts);
    Model model = ModelBuilder.build(data.pairs(), fit.factors(), data.catalog(), config.lists(), manifest,
        config.als().threads());
    System.out.printf(Locale.ROOT, "model %s: %d users x %d items, %d factors, %d iterations in %.1f s%n",
        model.version(), data.pairs().users().size(), model.items().size(), model.factors(), iterations, fit.seconds());
    ModelRepository.Outcome outcome;
    try (ModelRepository repository = new ModelRepository(target)) {
      outcome = repository.publish(model, gate);
    }
    report.put("model", Map.of("version", outcome.version(), "location", outcome.location(),
        "published", outcome.published(), "reason", outcome.reason()));
    System.out.println((outcome.published() ? "published " : "not published (gate) ") + outcome.version() + " to "
        + outcome.location() + ": " + outcome.reason());
    if (outcome.published()) {
      // the model ships no shopper factors: what follows a publish gets the trainer's own
      afterPublish(model, new FactorMatrix(fit.factors().users(), data.pairs().users().size(), model.factors()),
          data.pairs().users(), report);
    }
    reportOptions.write(report);
    return 0;
  }

  /** What follows a published model: nothing for train; the pipeline refreshes the CDN. */
  void afterPublish(Model model, FactorMatrix shopperFactors, IdIndex shoppers, TrainingReport report) {}
}
