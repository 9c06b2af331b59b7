package dev.aisle.infra.cost;

/**
 * The same workload on Amazon Personalize (custom solutions, real-time campaigns), from its
 * published pricing: data ingested per GB, training hours (4 vCPU, 8 GiB each), and inference in
 * TPS-hours, where each campaign pays for at least its minimum provisioned TPS (1) every hour.
 * Aisle's two read routes need two campaigns: user personalization and similar items.
 *
 * <p>The training hours are an assumption ({@code personalize.trainingHoursPerMillionPairs}): AWS
 * publishes no rate, and bills the hours its instances run.
 */
public record PersonalizeEstimate(double ingestion, double training, double inference) {

  public double total() {
    return ingestion + training + inference;
  }

  static PersonalizeEstimate of(Workload w, double pairs, Figures prices, Figures usage) {
    double ingestedGb = w.events() * usage.value("personalize.eventKb") / 1e6;
    double hoursPerRun =
        Math.max(1, pairs / 1e6 * usage.value("personalize.trainingHoursPerMillionPairs"));
    double averageTps = w.requests() / CostModel.SECONDS_PER_MONTH;
    double campaigns = usage.value("personalize.campaigns");
    // the recommendations campaign scales with traffic; the similar-items one stays at its minimum
    double tpsHours = (Math.max(1, averageTps) + (campaigns - 1)) * CostModel.HOURS_PER_MONTH;
    return new PersonalizeEstimate(
        ingestedGb * prices.value("personalize.ingestionPerGb"),
        w.trainingRuns() * hoursPerRun * prices.value("personalize.trainingHour"),
        tiered(tpsHours, prices));
  }

  private static double tiered(double tpsHours, Figures prices) {
    double first = Math.min(tpsHours, 20_000);
    double next = Math.min(Math.max(0, tpsHours - 20_000), 180_000);
    double rest = Math.max(0, tpsHours - 200_000);
    return first * prices.value("personalize.tpsHourFirst20k")
        + next * prices.value("personalize.tpsHourNext180k")
        + rest * prices.value("personalize.tpsHourOver200k");
  }
}
