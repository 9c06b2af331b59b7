package dev.aisle.trainer.cli;

import dev.aisle.snapshot.ConcurrentSnapshotException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aisle-trainer}: the trainer's command line. Bad input: one line on stderr, exit code 2. */
@Command(name = "aisle-trainer", mixinStandardHelpOptions = true, version = "aisle-trainer 0.1.0",
    description = "Trains, evaluates, tunes and publishes Aisle's recommendation model; batch inference.",
    subcommands = {GenerateCommand.class, TrainCommand.class, EvaluateCommand.class, TuneCommand.class,
        RecommendCommand.class, PipelineCommand.class, BenchScaleCommand.class, TokenCommand.class, SweepRetentionCommand.class,
        CommandLine.HelpCommand.class})
public final class AisleTrainer {

  public static final int USAGE_ERROR = 2;
  /** Another run committed the snapshot first; this one stopped before training (nothing lost). */
  public static final int CONCURRENT_RUN = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new AisleTrainer());
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("aisle-trainer: " + e.getMessage() + " (see --help)");
      return USAGE_ERROR;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      PrintWriter err = commandLine.getErr();
      if (isUsageError(e)) {
        err.println("aisle-trainer: " + message(e));
        return USAGE_ERROR;
      }
      if (e instanceof ConcurrentSnapshotException) {
        err.println("aisle-trainer: " + e.getMessage());
        return CONCURRENT_RUN;
      }
      err.println("aisle-trainer: failed: " + e);
      return 1;
    });
    return cli.execute(args);
  }

  /** Mistakes of the caller (bad values, missing files) rather than failures of the trainer. */
  private static boolean isUsageError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException;
  }

  private static String message(Throwable e) {
    return e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException nf
        ? "no such file: " + nf.getFile() : e.getMessage();
  }
}
