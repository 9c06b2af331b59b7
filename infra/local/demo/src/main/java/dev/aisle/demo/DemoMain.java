package dev.aisle.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code load} a shop through the api, then print the {@code report}; driven by
 * infra/local/demo.sh.
 */
@Command(
    name = "aisle-demo",
    mixinStandardHelpOptions = true,
    subcommands = {
      ImportCommand.class,
      LoadCommand.class,
      ReportCommand.class,
      CheckReportCommand.class
    },
    description = "The client side of Aisle's main job (infra/local/demo.sh).")
public final class DemoMain {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new DemoMain());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("demo: " + e.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }
}
