package dev.aisle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final List<String> lines = new ArrayList<>();
  private final Metrics metrics =
      new Metrics(
          "api", lines::add, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void aLineIsAnEmbeddedMetricFormatDocument() throws Exception {
    metrics.emit(
        List.of(
            Metrics.Value.count(MetricNames.OUTBOX_DEPTH, 42),
            Metrics.Value.seconds(MetricNames.OUTBOX_OLDEST_AGE_SECONDS, 1.5)));

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain("\n");
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(line.path("_aws").path("Timestamp").asLong())
        .isEqualTo(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());
    assertThat(directive.path("Namespace").asText()).isEqualTo("Aisle");
    assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\"]]");
    assertThat(directive.path("Metrics").toString())
        .isEqualTo(
            "[{\"Name\":\"OutboxDepth\",\"Unit\":\"Count\"},{\"Name\":\"OutboxOldestAgeSeconds\",\"Unit\":\"Seconds\"}]");
    // every dimension and metric named in the directive is a member of the root object
    assertThat(line.path("Service").asText()).isEqualTo("api");
    assertThat(line.path("OutboxDepth").isIntegralNumber()).isTrue();
    assertThat(line.path("OutboxDepth").asLong()).isEqualTo(42);
    assertThat(line.path("OutboxOldestAgeSeconds").asDouble()).isEqualTo(1.5);
  }

  @Test
  void valuesThatAreNotNumbersAreRefused() {
    assertThatThrownBy(() -> Metrics.Value.seconds("X", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metrics.Value.seconds("X", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCounterEmitsTheFirstBumpAtOnceThenAtMostOncePerInterval() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(now.get());
          }
        };
    Counter counter =
        new Counter(metrics, MetricNames.API_UNAVAILABLE, Duration.ofSeconds(1), clock);

    counter.add(1);
    for (int i = 0; i < 99; i++) {
      now.addAndGet(5);
      counter.add(1);
    }
    assertThat(lines).hasSize(1);
    now.addAndGet(1000);
    counter.add(1);
    counter.add(1);
    counter.flush();

    ObjectMapper json = new ObjectMapper();
    List<Long> counts = new ArrayList<>();
    for (String line : lines) {
      counts.add(json.readTree(line).path(MetricNames.API_UNAVAILABLE).asLong());
    }
    assertThat(counts).containsExactly(1L, 100L, 1L);
    assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(102);
  }
}
