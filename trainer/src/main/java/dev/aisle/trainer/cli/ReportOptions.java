package dev.aisle.trainer.cli;

import dev.aisle.trainer.report.TrainingReport;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the run's report goes. */
final class ReportOptions {

  @Option(
      names = "--report",
      paramLabel = "FILE.json",
      description = "Write the run's report as JSON.")
  Path json;

  @Option(
      names = "--html",
      paramLabel = "FILE.html",
      description = "Write the run's report as an HTML page with charts.")
  Path html;

  void write(TrainingReport report) {
    if (json != null) {
      report.writeJson(json);
      System.err.println("report: " + json);
    }
    if (html != null) {
      report.writeHtml(html);
      System.err.println("report: " + html);
    }
  }
}
