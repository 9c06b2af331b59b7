package dev.aisle.infra.cost;

import java.util.List;
import java.util.Map;

/** An estimate as text (aligned columns) or as a Markdown table (docs/cost.md). */
public final class CostReport {

  private final boolean markdown;

  public CostReport(boolean markdown) {
    this.markdown = markdown;
  }

  /** Every line, the totals per service, the total and the largest service. */
  public String lines(Estimate estimate) {
    StringBuilder out = new StringBuilder();
    row(out, "service", "item", "quantity", "USD/month");
    if (markdown) {
      out.append("|---|---|---|---:|\n");
    }
    for (Line line : estimate.lines()) {
      row(out, line.service(), line.item(), line.quantity(), usd(line.usd()));
    }
    row(out, "**total**", "", "", "**" + usd(estimate.total()) + "**");
    out.append('\n');
    return out.toString();
  }

  /** Totals per service, largest first. */
  public String services(Estimate estimate) {
    StringBuilder out = new StringBuilder();
    row(out, "service", "USD/month", "share", "");
    if (markdown) {
      out.append("|---|---:|---:|---|\n");
    }
    for (Map.Entry<String, Double> entry : estimate.byService().entrySet()) {
      row(
          out,
          entry.getKey(),
          usd(entry.getValue()),
          percent(entry.getValue() / estimate.total()),
          "");
    }
    return out.toString();
  }

  public String summary(Scenario scenario, Estimate estimate, PersonalizeEstimate personalize) {
    Workload w = estimate.workload();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%s (profile %s): %s events, %s requests, %s shoppers, %s items, %s training runs a month%n",
            scenario.name(),
            scenario.profile(),
            CostModel.millions(w.events()),
            CostModel.millions(w.requests()),
            CostModel.millions(w.shoppers()),
            CostModel.millions(w.items()),
            CostModel.fmt(w.trainingRuns())));
    out.append(String.format("total %s a month", usd(estimate.total())));
    if (w.events() > 0) {
      out.append(String.format(", %s per million events", usd(estimate.perMillionEvents())));
    }
    out.append(
        String.format(
            "; largest: %s (%s), line \"%s\"%n",
            estimate.topService(),
            percent(estimate.byService().get(estimate.topService()) / estimate.total()),
            estimate.topLine().item()));
    out.append(
        String.format(
            "Amazon Personalize, same workload: %s a month (ingestion %s, training %s, inference %s)%n",
            usd(personalize.total()),
            usd(personalize.ingestion()),
            usd(personalize.training()),
            usd(personalize.inference())));
    return out.toString();
  }

  /** A table of scenarios: name, profile, total (and, when asked, Personalize). */
  public String totals(List<Scenario> scenarios, CostModel model, boolean withPersonalize) {
    StringBuilder out = new StringBuilder();
    row(
        out,
        "scenario",
        "profile",
        "Aisle USD/month",
        withPersonalize ? "Personalize USD/month" : "largest service");
    if (markdown) {
      out.append("|---|---|---:|---:|\n");
    }
    for (Scenario scenario : scenarios) {
      Estimate estimate = scenario.estimate(model);
      row(
          out,
          scenario.name(),
          scenario.profile(),
          usd(estimate.total()),
          withPersonalize ? usd(scenario.personalize(model).total()) : estimate.topService());
    }
    return out.toString();
  }

  public String lever(Examples.Lever lever, CostModel model) {
    Estimate before = lever.before().estimate(model);
    Estimate after = lever.after().estimate(model);
    double saved = before.total() - after.total();
    // the service the lever moves most (one the change adds, too)
    java.util.Set<String> services = new java.util.LinkedHashSet<>(before.byService().keySet());
    services.addAll(after.byService().keySet());
    String moved =
        services.stream()
            .max(
                java.util.Comparator.comparingDouble(
                    service ->
                        Math.abs(
                            before.byService().getOrDefault(service, 0.0)
                                - after.byService().getOrDefault(service, 0.0))))
            .orElseThrow();
    return String.format(
        "%s%s: %s -> %s a month (%s %s); %s %s -> %s%n",
        markdown ? "- " : "",
        lever.what(),
        usd(before.total()),
        usd(after.total()),
        saved >= 0 ? "saves" : "costs",
        usd(Math.abs(saved)),
        moved,
        usd(before.byService().getOrDefault(moved, 0.0)),
        usd(after.byService().getOrDefault(moved, 0.0)));
  }

  private void row(StringBuilder out, String a, String b, String c, String d) {
    if (markdown) {
      out.append("| ")
          .append(a)
          .append(" | ")
          .append(b)
          .append(" | ")
          .append(c)
          .append(" | ")
          .append(d)
          .append(" |\n");
    } else {
      out.append(String.format("%-16s %-58s %-34s %12s%n", a, b, c, d));
    }
  }

  /** Dollars: cents below 10, whole dollars with separators above. */
  public static String usd(double value) {
    return Math.abs(value) < 10 ? String.format("$%.2f", value) : String.format("$%,.0f", value);
  }

  private static String percent(double share) {
    return String.format("%.0f %%", 100 * share);
  }
}
