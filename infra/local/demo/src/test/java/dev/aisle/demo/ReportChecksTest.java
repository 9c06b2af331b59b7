package dev.aisle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.json.Json;
import org.junit.jupiter.api.Test;

class ReportChecksTest {

  private static final String COMPLETE =
      """
      {"load": {"accepted": 0, "duplicates": 1200, "seconds": 1.5},
       "data": {"events": 1200, "pairs": 900, "run": "incremental", "newEvents": 0, "rowsRead": 1200, "rowsKept": 1190},
       "quality": {"als": 0.35, "popular": 0.12, "itemKnn": 0.30},
       "model": {"version": "20261203T120000Z-abcdef", "published": true},
       "shoppers": [{"source": "personalized", "items": ["a"]}, {"source": "realtime", "items": ["b"]},
                    {"source": "personalized", "items": ["c", "d"]}],
       "similar": {"itemId": "a", "items": ["b"]},
       "newItems": {"explorationItem": null},
       "segment": {"segments": 4, "segment": "s1", "shoppers": 120, "items": ["a"]},
       "realtime": {"source": "realtime", "delayMs": 640, "items": ["e"]},
       "latency": {"requests": 300, "errors": 0, "p50Ms": 4.0, "p95Ms": 9.0, "p99Ms": 15.0, "maxMs": 30.0},
       "urls": {"api": "http://127.0.0.1:8080", "web": "http://127.0.0.1:8070", "stop": "infra/local/demo.sh --stop"}}
      """;

  @Test
  void aCompleteReportPasses() throws Exception {
    assertThat(ReportChecks.failed(report())).isEmpty();
  }

  @Test
  void eachMissingSectionIsNamed() throws Exception {
    ObjectNode report = report();
    report.remove("similar");
    report.remove("load");

    assertThat(ReportChecks.failed(report))
        .containsExactly("events sent through POST /events", "similar items");
  }

  @Test
  void figuresThatSayAStepDidNothingFail() throws Exception {
    ObjectNode report = report();
    ((ObjectNode) report.get("segment")).put("shoppers", 0);
    ((ObjectNode) report.get("realtime")).put("source", "personalized");
    ((ObjectNode) report.get("latency")).put("errors", 2);
    ((ObjectNode) report.get("quality")).put("itemKnn", "n/a");

    assertThat(ReportChecks.failed(report))
        .containsExactly(
            "quality: ALS, popular and item-kNN NDCG@10",
            "anonymous segment from the CDN",
            "real-time change with its delay",
            "latency figures without errors");
  }

  @Test
  void aShopperServedFromAFallbackIsNotPersonal() throws Exception {
    ObjectNode report = report();
    ((ObjectNode) report.get("shoppers").get(1)).put("source", "popular");

    assertThat(ReportChecks.failed(report))
        .containsExactly("three shoppers with personal recommendations");
  }

  private static ObjectNode report() throws Exception {
    return (ObjectNode) Json.mapper().readTree(COMPLETE);
  }
}
