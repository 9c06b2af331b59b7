package dev.aisle.infra.cost;

import dev.aisle.infra.config.DeployConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment and a workload to estimate: a profile, context keys that change it (as {@code -c}
 * would), usage assumptions that change (what-if), and the month's workload. The schedule's runs
 * come from the deployment unless the workload says otherwise.
 *
 * @param trainingRuns runs a month; negative: the deployment's schedule
 */
public record Scenario(
    String name,
    String profile,
    Map<String, String> context,
    Map<String, Double> assumptions,
    long events,
    long requests,
    long shoppers,
    long items,
    double trainingRuns) {

  public DeployConfig config() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("aisle:profile", profile);
    context.forEach(
        (key, value) -> all.put(key.startsWith("aisle:") ? key : "aisle:" + key, value));
    return DeployConfig.fromContext(all::get);
  }

  public Workload workload() {
    double runs =
        trainingRuns >= 0
            ? trainingRuns
            : TrainingSchedule.runsPerMonth(config().trainer().schedule());
    return new Workload(events, requests, requests, shoppers, items, runs);
  }

  public Estimate estimate(CostModel model) {
    return model.assuming(assumptions).estimate(config(), workload());
  }

  public PersonalizeEstimate personalize(CostModel model) {
    return model.assuming(assumptions).personalize(config(), workload());
  }

  public Scenario named(String other) {
    return new Scenario(
        other, profile, context, assumptions, events, requests, shoppers, items, trainingRuns);
  }

  public Scenario withProfile(String other) {
    return new Scenario(
        name, other, context, assumptions, events, requests, shoppers, items, trainingRuns);
  }

  public Scenario withContext(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(context);
    more.put(key, value);
    return new Scenario(
        name, profile, more, assumptions, events, requests, shoppers, items, trainingRuns);
  }

  public Scenario assuming(String key, double value) {
    Map<String, Double> more = new LinkedHashMap<>(assumptions);
    more.put(key, value);
    return new Scenario(
        name, profile, context, more, events, requests, shoppers, items, trainingRuns);
  }

  /** The same deployment standing still: no traffic, no data, the schedule running. */
  public Scenario idle() {
    return new Scenario(name + ", idle", profile, context, assumptions, 0, 0, 0, 0, trainingRuns);
  }
}
