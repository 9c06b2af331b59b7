package dev.aisle.trainer.cli;

import dev.aisle.snapshot.ConcurrentSnapshotException;
import dev.aisle.storage.s3.CurrentMovedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code aisle-trainer}: the trainer's command line. Exit codes: 0 done (train/pipeline: the model
 * is published, or a run with a later snapshot publishes instead); 1 failed; 2 bad input (one line
 * on stderr); 3 another run committed the snapshot first; 4 the gate kept the model out; 5 CURRENT
 * moved while this run published or rolled back (the other writer's choice stands).
 */
@Command(
    name = "aisle-trainer",
    mixinStandardHelpOptions = true,
    version = "aisle-trainer 0.1.0",
    description =
        "Trains, evaluates, tunes and publishes Aisle's recommendation model; batch inference.",
    subcommands = {
      GenerateCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      TuneCommand.class,
      RecommendCommand.class,
      PipelineCommand.class,
      VersionsCommand.class,
      RollbackCommand.class,
      BenchScaleCommand.class,
      TokenCommand.class,
      SweepRetentionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      AisleTrainer.EXIT_0,
      AisleTrainer.EXIT_1,
      AisleTrainer.EXIT_2,
      AisleTrainer.EXIT_3,
      AisleTrainer.EXIT_4,
      AisleTrainer.EXIT_5
    })
public final class AisleTrainer {

  // the exit codes as --help lists them (annotations need constants, one per code)
  static final String EXIT_0 =
      "0:done (train, pipeline: the model is published, or a run with a later snapshot "
          + "publishes instead)";
  static final String EXIT_1 = "1:failed (train, pipeline: also counted as TrainerFailed)";
  static final String EXIT_2 =
      "2:bad input: unknown option, bad value, missing file (one line on stderr)";
  static final String EXIT_3 =
      "3:another run committed the training snapshot first; this one stopped before training";
  static final String EXIT_4 =
      "4:the publish gate kept the model out (worse than the current one, or the current "
          + "one unreadable)";
  static final String EXIT_5 =
      "5:CURRENT moved while this run published or rolled back; the other writer's choice "
          + "stands";

  public static final int FAILED = 1;
  public static final int USAGE_ERROR = 2;

  /** Another run committed the snapshot first; this one stopped before training (nothing lost). */
  public static final int CONCURRENT_RUN = 3;

  /**
   * The publish gate kept the model out: not better than the current one, or the current one
   * unreadable.
   */
  public static final int GATED = 4;

  /** Another writer moved CURRENT after this run read it; nothing was overwritten. */
  public static final int CURRENT_MOVED = 5;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return withExitCodes(new CommandLine(new AisleTrainer()), "aisle-trainer").execute(args);
  }

  /**
   * The exit codes above for {@code cli} (also the Spark job's command line), errors on stderr
   * prefixed with {@code name}.
   */
  static CommandLine withExitCodes(CommandLine cli, String name) {
    cli.setParameterExceptionHandler(
        (e, a) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(name + ": " + e.getMessage() + " (see --help)");
          return USAGE_ERROR;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          int code = exitCode(e, commandLine.getErr(), name);
          if (commandLine.getCommand() instanceof TrainCommand
              && (code == FAILED || code == USAGE_ERROR)) {
            RunMetrics.failed();
          }
          return code;
        });
    return cli;
  }

  private static int exitCode(Exception e, PrintWriter err, String name) {
    if (isUsageError(e)) {
      err.println(name + ": " + message(e));
      return USAGE_ERROR;
    }
    if (e instanceof ConcurrentSnapshotException) {
      err.println(name + ": " + e.getMessage());
      return CONCURRENT_RUN;
    }
    if (e instanceof CurrentMovedException) {
      err.println(name + ": " + e.getMessage());
      return CURRENT_MOVED;
    }
    err.println(name + ": failed: " + e);
    return FAILED;
  }

  /** Mistakes of the caller (bad values, missing files) rather than failures of the trainer. */
  private static boolean isUsageError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException;
  }

  private static String message(Throwable e) {
    return e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException nf
        ? "no such file: " + nf.getFile()
        : e.getMessage();
  }
}
