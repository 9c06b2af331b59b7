package dev.aisle.trainer.cli;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.JitWarmUp;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TemporalSplit;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import dev.aisle.trainer.tuning.SearchSpace;
import dev.aisle.trainer.tuning.Tuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description =
        "Seeded log-uniform random search with successive halving over factors, regularization and alpha, "
            + "each fit stopping early on the validation rows; the best is kept only if it beats the defaults on "
            + "validation by --min-gain, then measured on the test rows against the baselines.")
final class TuneCommand implements Callable<Integer> {

  @Mixin SourceOptions source;

  @Mixin TrainingOptions training;

  @Mixin ReportOptions reportOptions;

  @Option(
      names = "--factors-range",
      paramLabel = "MIN:MAX",
      description =
          "Factors, log-uniform, rounded to a " + "multiple of 8 (default: ${DEFAULT-VALUE}).")
  String factorsRange = "8:512";

  @Option(
      names = {"--lambda-range", "--regularization-range"},
      paramLabel = "MIN:MAX",
      description = "Regularization, log-uniform (default: ${DEFAULT-VALUE}).")
  String lambdaRange = "0.001:1000";

  @Option(
      names = "--alpha-range",
      paramLabel = "MIN:MAX",
      description = "Alpha, log-uniform (default: ${DEFAULT-VALUE}).")
  String alphaRange = "0.01:100";

  @Option(
      names = "--trials",
      paramLabel = "N",
      description = "Most sampled settings (default: 18, or no limit when " + "--budget is given).")
  Integer trials;

  @Option(
      names = "--budget",
      paramLabel = "DURATION",
      description = "Most wall time for the search, e.g. 10m " + "(checked before every fit).")
  String budget;

  @Option(
      names = "--min-gain",
      paramLabel = "SHARE",
      description =
          "Relative validation gain over the defaults a "
              + "tuned setting needs to be chosen (default: ${DEFAULT-VALUE}).")
  double minGain = 0.005;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "Write the chosen parameters (tuned or the defaults) " + "as a --config file.")
  Path save;

  static final int DEFAULT_TRIALS = 18;

  @Override
  public Integer call() throws IOException {
    SearchSpace space =
        new SearchSpace(
            SearchSpace.Range.parse(factorsRange, "--factors-range"),
            SearchSpace.Range.parse(lambdaRange, "--lambda-range"),
            SearchSpace.Range.parse(alphaRange, "--alpha-range"));
    Duration time = budget == null ? null : TrainerDefaults.parseDuration(budget);
    Tuner.Budget limits =
        new Tuner.Budget(trials != null ? trials : time == null ? DEFAULT_TRIALS : 0, time);
    SnapshotOptions local = SnapshotOptions.localOnly();
    Path work = local.newWorkDir();
    long started = System.nanoTime();
    try (Stages stages = new Stages(System.err::println)) {
      InteractionSource input = source.source(System.err::println, training.threads());
      TrainingConfig unsized = training.toConfig(true);
      // the solver compiles on a spare core while the data is read (docs/trainer.md, JIT warm-up)
      JitWarmUp.startInBackground(unsized.als());
      LocalSnapshot built =
          local.build(input, source.cutoff(), null, unsized, stages, System.err::println, work);
      PreparedData data = Preparation.open(input.name(), built, unsized, stages, started);
      TrainingConfig config = training.fitTo(unsized, data.set());
      TrainingReport report =
          new TrainingReport("tune").parameters(TrainingOptions.describe(config));
      report.data(data);
      Summary.data(data);
      tune(config, space, limits, report, data);
      report.put("stages", stages.toReport());
      reportOptions.write(report);
      return 0;
    } finally {
      SnapshotOptions.deleteWorkDir(work);
    }
  }

  private void tune(
      TrainingConfig config,
      SearchSpace space,
      Tuner.Budget limits,
      TrainingReport report,
      PreparedData data)
      throws IOException {
    TrainingJob job = new TrainingJob(config, System.err::println);
    TemporalSplit split = job.split();
    InteractionMatrix[] fitted = job.trainAndValidation(data.set(), split);
    Tuner.Result result =
        new Tuner(job, System.err::println)
            .tune(fitted[0], fitted[1], config.als(), space, limits, minGain, config.als().seed());
    fitted = null;
    System.out.println("trials (validation " + job.metric() + "; rung 0 = the defaults):");
    for (Tuner.Trial t : result.trials()) {
      System.out.printf(
          Locale.ROOT,
          "  rung %d  factors %4s  regularization %-10.4g  alpha %-10.4g  sweeps %2d/%2d  "
              + "%.4f%n",
          t.rung(),
          t.parameters().get("factors"),
          ((Number) t.parameters().get("regularization")).doubleValue(),
          ((Number) t.parameters().get("alpha")).doubleValue(),
          t.bestIteration(),
          t.sweeps(),
          t.validation());
    }
    System.out.printf(
        Locale.ROOT,
        "tuning: %d fits in %.1f s (budget %s)%n",
        result.trials().size(),
        result.seconds(),
        limits);
    System.out.println(result.decision());
    Evaluation evaluation = job.evaluate(data.set(), split, result.chosenParameters());
    Summary.evaluation(evaluation, config.evaluation().k());
    String verdict = Summary.baselineVerdict(evaluation, config.evaluation().k());
    System.out.println(verdict);
    report.evaluation(evaluation);
    Map<String, Object> tuning = new LinkedHashMap<>();
    tuning.put(
        "space",
        Map.of(
            "factors",
            space.factors().toString(),
            "regularization",
            space.regularization().toString(),
            "alpha",
            space.alpha().toString()));
    tuning.put("budget", limits.toString());
    tuning.put("minGain", minGain);
    tuning.put("seconds", result.seconds());
    tuning.put("trials", result.trials());
    tuning.put("defaults", result.defaults());
    tuning.put("best", result.best() == null ? "none" : result.best());
    tuning.put("chosen", result.tuned() ? "tuned" : "defaults");
    tuning.put(
        "chosenParameters",
        Map.of(
            "factors",
            result.chosenParameters().factors(),
            "regularization",
            result.chosenParameters().regularization(),
            "alpha",
            result.chosenParameters().alpha(),
            "iterations",
            result.chosenParameters().iterations()));
    tuning.put("decision", result.decision());
    tuning.put("baselines", verdict);
    report.put("tuning", tuning);
    if (save != null) {
      Files.writeString(
          save,
          String.format(
              Locale.ROOT,
              "# written by aisle-trainer tune on %s: %s%n# %s%nfactors=%d%nregularization=%s%nalpha=%s%niterations=%d%n",
              data.source(),
              result.tuned() ? "tuned" : "the defaults (no tuned setting beat them)",
              result.decision(),
              result.chosenParameters().factors(),
              result.chosenParameters().regularization(),
              result.chosenParameters().alpha(),
              result.chosenParameters().iterations()));
      System.err.println("chosen parameters: " + save);
    }
  }
}
