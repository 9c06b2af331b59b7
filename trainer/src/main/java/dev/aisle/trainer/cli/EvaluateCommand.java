package dev.aisle.trainer.cli;

import dev.aisle.trainer.report.TrainingReport;
import dev.aisle.trainer.training.Evaluation;
import dev.aisle.trainer.training.PreparedData;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Measures ALS, popular and item-kNN on a per-user temporal hold-out (Recall, Precision, NDCG, MAP "
        + "@K, coverage); publishes nothing.")
final class EvaluateCommand implements Callable<Integer> {

  @Mixin
  SourceOptions source;

  @Mixin
  TrainingOptions training;

  @Mixin
  ReportOptions reportOptions;

  @Override
  public Integer call() {
    TrainingConfig config = training.toConfig(true);
    TrainingReport report = new TrainingReport("evaluate").parameters(TrainingOptions.describe(config));
    PreparedData data = PreparedData.prepare(source.load(System.err::println), config);
    report.data(data);
    Summary.data(data);
    Evaluation evaluation = new TrainingJob(config, System.err::println).evaluate(data.pairs());
    report.evaluation(evaluation);
    Summary.evaluation(evaluation, config.evaluation().k());
    reportOptions.write(report);
    return 0;
  }
}
