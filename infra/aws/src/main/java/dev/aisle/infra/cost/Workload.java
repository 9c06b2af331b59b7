package dev.aisle.infra.cost;

/**
 * What a shop does in a month: the inputs of an estimate.
 *
 * @param events interaction events accepted (POST /events)
 * @param requests personalized reads (GET /recommendations, GET /similar) through the api
 * @param cdnRequests anonymous reads of the precomputed lists on the CDN
 * @param shoppers shoppers with state (user-state rows)
 * @param items catalog items
 * @param trainingRuns scheduled trainer runs
 */
public record Workload(
    long events, long requests, long cdnRequests, long shoppers, long items, double trainingRuns) {

  public Workload {
    if (events < 0
        || requests < 0
        || cdnRequests < 0
        || shoppers < 0
        || items < 0
        || trainingRuns < 0) {
      throw new IllegalArgumentException("a workload counts nothing negative: " + this);
    }
  }

  /**
   * No traffic and no data, the schedule still running: what the deployment costs standing still.
   */
  public static Workload idle(double trainingRuns) {
    return new Workload(0, 0, 0, 0, 0, trainingRuns);
  }
}
