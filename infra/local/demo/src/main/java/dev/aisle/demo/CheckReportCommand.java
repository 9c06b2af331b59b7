package dev.aisle.demo;

import dev.aisle.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks the main job's JSON report ({@link ReportChecks}); infra/local/check-demo.sh runs it. */
@Command(
    name = "check-report",
    mixinStandardHelpOptions = true,
    description = "Check that the main job's JSON report shows every section with real figures.")
final class CheckReportCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The file `report --json` wrote.")
  Path report;

  @Override
  public Integer call() throws Exception {
    List<String> failed = ReportChecks.failed(Json.mapper().readTree(report.toFile()));
    if (failed.isEmpty()) {
      System.out.println("check-demo: every section present (" + report + ")");
      return 0;
    }
    failed.forEach(
        what -> System.err.println("check-demo: FAIL: missing from the report: " + what));
    return 1;
  }
}
