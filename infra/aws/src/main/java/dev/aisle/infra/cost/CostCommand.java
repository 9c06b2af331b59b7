package dev.aisle.infra.cost;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code infra/aws/cost.sh}: the month's AWS cost of a deployment for a workload, per service, from
 * the price table in the repository (region and date printed), and the same workload on Amazon
 * Personalize. Counts take k, M and B ({@code --events 50M}).
 */
@Command(
    name = "cost.sh",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Monthly AWS cost of an Aisle deployment for a workload (docs/cost.md).",
      "Example: cost.sh --profile standard --events 50M --requests 20M --shoppers 1M --items 100k"
    })
public final class CostCommand implements Callable<Integer> {

  @Option(
      names = "--profile",
      defaultValue = "standard",
      description = "small, standard or large (default: ${DEFAULT-VALUE})")
  String profile;

  @Option(
      names = "--events",
      defaultValue = "0",
      converter = Count.class,
      description = "events accepted a month")
  long events;

  @Option(
      names = "--requests",
      defaultValue = "0",
      converter = Count.class,
      description = "personalized reads a month (GET /recommendations, /similar)")
  long requests;

  @Option(
      names = "--cdn-requests",
      converter = Count.class,
      description = "anonymous reads of the CDN lists a month (default: as many as --requests)")
  Long cdnRequests;

  @Option(
      names = "--shoppers",
      defaultValue = "0",
      converter = Count.class,
      description = "shoppers with state")
  long shoppers;

  @Option(
      names = "--items",
      defaultValue = "0",
      converter = Count.class,
      description = "catalog items")
  long items;

  @Option(
      names = "--schedule",
      description =
          "training schedule, e.g. 'cron(0 3 * * ? *)' or 'rate(6 hours)'"
              + " (default: the profile's)")
  String schedule;

  @Option(
      names = {"-c", "--context"},
      description = "a deploy context key, as cdk -c aisle:KEY=VALUE takes it")
  Map<String, String> context = new LinkedHashMap<>();

  @Option(
      names = "--assume",
      description =
          "change a usage assumption (cost/usage.properties), e.g."
              + " dynamodb.wru.perEvent.outbox=4")
  Map<String, Double> assumptions = new LinkedHashMap<>();

  @Option(names = "--markdown", description = "Markdown tables")
  boolean markdown;

  @Option(
      names = "--examples",
      description = "the worked examples, idle floors and levers of docs/cost.md")
  boolean examples;

  private final CostModel model = CostModel.standard();

  public static void main(String[] args) {
    System.exit(new CommandLine(new CostCommand()).execute(args));
  }

  @Override
  public Integer call() {
    CostReport report = new CostReport(markdown);
    System.out.printf(
        "Prices: %s, %s (%s)%n%n",
        model.prices().text("region"),
        model.prices().text("date"),
        model.prices().text("currency"));
    if (examples) {
      printExamples(report);
      return 0;
    }
    Map<String, String> keys = new LinkedHashMap<>(context);
    if (schedule != null) {
      keys.put("trainSchedule", schedule);
    }
    Scenario scenario =
        new Scenario(
            "this shop", profile, keys, assumptions, events, requests, shoppers, items, -1);
    Workload workload = scenario.workload();
    if (cdnRequests != null) {
      workload =
          new Workload(events, requests, cdnRequests, shoppers, items, workload.trainingRuns());
    }
    CostModel assumed = model.assuming(assumptions);
    Estimate estimate = assumed.estimate(scenario.config(), workload);
    System.out.print(report.lines(estimate));
    System.out.print(report.services(estimate));
    System.out.println();
    System.out.print(
        report.summary(scenario, estimate, assumed.personalize(scenario.config(), workload)));
    return 0;
  }

  private void printExamples(CostReport report) {
    for (Scenario example : Examples.workedExamples()) {
      Estimate estimate = example.estimate(model);
      System.out.print(report.summary(example, estimate, example.personalize(model)));
      System.out.println();
      System.out.print(report.lines(estimate));
    }
    System.out.println("Idle floors (no traffic, no data, the daily training schedule running):");
    System.out.print(report.totals(Examples.idleFloors(), model, false));
    System.out.println();
    System.out.println("Aisle and Amazon Personalize, same workloads:");
    System.out.print(report.totals(Examples.workedExamples(), model, true));
    System.out.println();
    System.out.println("Levers on each example's largest cost (before -> after):");
    for (Examples.Lever lever : Examples.levers()) {
      System.out.print(report.lever(lever, model));
    }
  }

  /** 1500, 100k, 50M, 1B, 2.5M. */
  static final class Count implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String text = value.strip().replace("_", "").replace(",", "");
      double factor = 1;
      char last = Character.toUpperCase(text.charAt(text.length() - 1));
      if (last == 'K' || last == 'M' || last == 'B') {
        factor = last == 'K' ? 1e3 : last == 'M' ? 1e6 : 1e9;
        text = text.substring(0, text.length() - 1);
      }
      try {
        return Math.round(Double.parseDouble(text) * factor);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "not a count: " + value + " (e.g. 1500, 100k, 50M, 1B)");
      }
    }
  }
}
