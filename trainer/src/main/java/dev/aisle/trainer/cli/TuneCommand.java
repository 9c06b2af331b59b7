package dev.aisle.trainer.cli;

import dev.aisle.als.InteractionMatrix;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Grid or random search over factors, regularization and alpha, each trial stopping early on the "
        + "validation rows; the best is then measured on the test rows against the baselines.")
final class TuneCommand implements Callable<Integer> {

  @Mixin
  SourceOptions source;

  @Mixin
  TrainingOptions training;

  @Mixin
  ReportOptions reportOptions;

  @Option(names = "--factors-grid", paramLabel = "LIST", description = "Factors to try (default: ${DEFAULT-VALUE}).")
  String factorsGrid = "32,64,128";

  @Option(names = "--regularization-grid", paramLabel = "LIST", description = "Regularizations (default: ${DEFAULT-VALUE}).")
  String regularizationGrid = "0.01,0.05,0.5";

  @Option(names = "--alpha-grid", paramLabel = "LIST", description = "Alphas (default: ${DEFAULT-VALUE}).")
  String alphaGrid = "1,5,10,40";

  @Option(names = "--trials", paramLabel = "N", description = "Random trials; at least the grid size means the whole grid "
      + "(default: ${DEFAULT-VALUE}).")
  int trials = 12;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the best parameters as a --config file.")
  Path save;

  @Override
  public Integer call() throws IOException {
    TrainingConfig config = training.toConfig(true);
    SearchSpace space = new SearchSpace(parse(factorsGrid, Integer::valueOf), parse(regularizationGrid, Float::valueOf),
        parse(alphaGrid, Float::valueOf));
    TrainingReport report = new TrainingReport("tune").parameters(TrainingOptions.describe(config));
    SnapshotOptions local = SnapshotOptions.localOnly();
    Path work = local.newWorkDir();
    try (Stages stages = new Stages(System.err::println)) {
      return tune(config, space, report, local, work, stages);
    } finally {
      SnapshotOptions.deleteWorkDir(work);
    }
  }

  private int tune(TrainingConfig config, SearchSpace space, TrainingReport report, SnapshotOptions local, Path work,
      Stages stages) throws IOException {
    long started = System.nanoTime();
    InteractionSource input = source.source(System.err::println, config.als().threads());
    LocalSnapshot built = local.build(input, source.cutoff(), null, config, stages, System.err::println, work);
    PreparedData data = Preparation.open(input.name(), built, config, stages, started);
    report.data(data);
    Summary.data(data);
    TrainingJob job = new TrainingJob(config, System.err::println);
    TemporalSplit split = job.split();
    InteractionMatrix[] fitted = job.trainAndValidation(data.set(), split);
    Tuner.Result result = new Tuner(job, System.err::println).tune(fitted[0], fitted[1], config.als(), space, trials,
        config.als().seed());
    fitted = null;
    report.put("tuning", Map.of("trials", result.trials(), "best", result.best()));
    System.out.println("trials (validation " + job.metric() + "):");
    for (Tuner.Trial t : result.trials()) {
      System.out.printf(Locale.ROOT, "  factors %4s  regularization %-6s  alpha %-5s  iterations %2d  %.4f%n",
          t.parameters().get("factors"), t.parameters().get("regularization"), t.parameters().get("alpha"),
          t.bestIteration(), t.validation());
    }
    System.out.println("best: " + result.best().parameters());
    Evaluation evaluation = job.evaluate(data.set(), split,
        result.bestParameters().withIterations(config.als().iterations()));
    report.evaluation(evaluation);
    Summary.evaluation(evaluation, config.evaluation().k());
    if (save != null) {
      Map<String, Object> p = result.best().parameters();
      Files.writeString(save, String.format(Locale.ROOT,
          "# written by aisle-trainer tune on %s (validation %s %.4f)%nfactors=%s%nregularization=%s%nalpha=%s%n"
              + "iterations=%d%n", data.source(), job.metric(), result.best().validation(), p.get("factors"),
          p.get("regularization"), p.get("alpha"), Math.max(config.als().iterations(), result.best().bestIteration())));
      System.err.println("best parameters: " + save);
    }
    reportOptions.write(report);
    return 0;
  }

  private static <T> List<T> parse(String list, java.util.function.Function<String, T> parser) {
    try {
      return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(parser).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a list of numbers: " + list);
    }
  }
}
