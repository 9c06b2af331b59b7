package dev.aisle.trainer.cli;

import dev.aisle.als.JitWarmUp;
import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Measures ALS, popular, item-kNN and their blend on a per-user hold-out, temporal or random "
            + "(--split), "
            + "(Recall, Precision, NDCG, MAP @K, coverage); publishes nothing.")
final class EvaluateCommand implements Callable<Integer> {

  @Mixin SourceOptions source;

  @Mixin TrainingOptions training;

  @Mixin ReportOptions reportOptions;

  @Override
  public Integer call() {
    TrainingConfig unsized = training.toConfig(true);
    // the solver compiles on a spare core while the data is read (docs/trainer.md, JIT warm-up)
    JitWarmUp.startInBackground(unsized.als());
    TrainingReport report = new TrainingReport("evaluate");
    SnapshotOptions local = SnapshotOptions.localOnly();
    Path work = local.newWorkDir();
    long started = System.nanoTime();
    try (Stages stages = new Stages(System.err::println)) {
      InteractionSource input = source.source(System.err::println, unsized.als().threads());
      LocalSnapshot built =
          local.build(input, source.cutoff(), null, unsized, stages, System.err::println, work);
      PreparedData data = Preparation.open(input.name(), built, unsized, stages, started);
      TrainingConfig config = training.fitTo(unsized, data.set());
      report.parameters(TrainingOptions.describe(config));
      report.data(data);
      Summary.data(data);
      TrainingJob job = new TrainingJob(config, System.err::println);
      Evaluation evaluation = job.evaluate(data.set());
      report.evaluation(evaluation);
      Summary.evaluation(evaluation, config.evaluation().k());
      TrainCommand.measureBlend(
          job, data, config, training.blendSetup(), evaluation.bestIterations(), report, stages);
      report.put("stages", stages.toReport());
      reportOptions.write(report);
      return 0;
    } finally {
      SnapshotOptions.deleteWorkDir(work);
    }
  }
}
