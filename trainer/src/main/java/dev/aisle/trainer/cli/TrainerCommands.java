package dev.aisle.trainer.cli;

import dev.aisle.trainer.training.FitEngine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code train} and {@code pipeline} commands with another {@link FitEngine}: how the Spark job
 * ({@code trainer/spark}) runs the trainer's own commands, with the same options, output, exit
 * codes and run metrics, and only the fit on all pairs done elsewhere.
 */
public final class TrainerCommands {

  private TrainerCommands() {}

  /**
   * Runs {@code args} ({@code train …} or {@code pipeline …}) as {@code name}.
   *
   * @return the exit code ({@link AisleTrainer}'s meanings)
   */
  public static int run(String name, String description, FitEngine engine, String... args) {
    CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
    spec.usageMessage().description(description);
    CommandLine cli = new CommandLine(spec);
    TrainCommand train = new TrainCommand();
    train.engine = engine;
    PipelineCommand pipeline = new PipelineCommand();
    pipeline.engine = engine;
    cli.addSubcommand("train", train);
    cli.addSubcommand("pipeline", pipeline);
    return AisleTrainer.withExitCodes(cli, name).execute(args);
  }
}
