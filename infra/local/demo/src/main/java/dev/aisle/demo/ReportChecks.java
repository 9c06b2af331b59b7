package dev.aisle.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a main job that worked must have shown, asserted on the report's JSON document (written by
 * {@code report --json}) rather than on its printed text: every section present, with figures that
 * say the step did something. Returns the expectations that failed, in the report's order.
 */
final class ReportChecks {

  private static final Set<String> PERSONAL_SOURCES = Set.of("personalized", "realtime");

  private record Expectation(String what, Predicate<JsonNode> holds) {}

  private static final List<Expectation> EXPECTATIONS =
      List.of(
          new Expectation(
              "events sent through POST /events",
              r -> positive(r.at("/load/accepted").asLong() + r.at("/load/duplicates").asLong())),
          new Expectation(
              "data section: rows read and kept, pairs",
              r ->
                  positive(r.at("/data/rowsRead").asLong())
                      && positive(r.at("/data/rowsKept").asLong())
                      && positive(r.at("/data/pairs").asLong())),
          new Expectation(
              "quality: ALS, popular and item-kNN NDCG@10",
              r ->
                  score(r.at("/quality/als"))
                      && score(r.at("/quality/popular"))
                      && score(r.at("/quality/itemKnn"))),
          new Expectation("a model version", r -> !r.at("/model/version").asText("").isBlank()),
          new Expectation(
              "three shoppers with personal recommendations", ReportChecks::threeShoppers),
          new Expectation("similar items", r -> nonEmpty(r.at("/similar/items"))),
          new Expectation("new items section", r -> r.path("newItems").has("explorationItem")),
          new Expectation(
              "anonymous segment from the CDN",
              r ->
                  positive(r.at("/segment/shoppers").asLong()) && nonEmpty(r.at("/segment/items"))),
          new Expectation(
              "real-time change with its delay",
              r ->
                  "realtime".equals(r.at("/realtime/source").asText())
                      && r.at("/realtime/delayMs").canConvertToLong()
                      && r.at("/realtime/delayMs").asLong() >= 0),
          new Expectation("latency figures without errors", ReportChecks::latency),
          new Expectation(
              "URLs and how to stop",
              r -> r.at("/urls/stop").asText("").contains("demo.sh --stop")));

  private ReportChecks() {}

  /** The expectations {@code report} does not meet; empty when the main job showed everything. */
  static List<String> failed(JsonNode report) {
    List<String> failed = new ArrayList<>();
    for (Expectation expectation : EXPECTATIONS) {
      if (!expectation.holds().test(report)) {
        failed.add(expectation.what());
      }
    }
    return failed;
  }

  private static boolean threeShoppers(JsonNode report) {
    JsonNode shoppers = report.path("shoppers");
    if (shoppers.size() != 3) {
      return false;
    }
    for (JsonNode shopper : shoppers) {
      if (!PERSONAL_SOURCES.contains(shopper.path("source").asText())
          || !nonEmpty(shopper.path("items"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean latency(JsonNode report) {
    JsonNode latency = report.path("latency");
    double p50 = latency.path("p50Ms").asDouble(-1);
    double p95 = latency.path("p95Ms").asDouble(-1);
    double p99 = latency.path("p99Ms").asDouble(-1);
    return positive(latency.path("requests").asLong())
        && latency.path("errors").asLong(-1) == 0
        && p50 > 0
        && p50 <= p95
        && p95 <= p99;
  }

  private static boolean score(JsonNode value) {
    return value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1;
  }

  private static boolean positive(long value) {
    return value > 0;
  }

  private static boolean nonEmpty(JsonNode array) {
    return array.isArray() && !array.isEmpty();
  }
}
