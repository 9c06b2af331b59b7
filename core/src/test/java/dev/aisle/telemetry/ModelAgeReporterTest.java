package dev.aisle.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aisle.model.ModelManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelAgeReporterTest {

  private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");
  private static final ModelManifest MANIFEST =
      new ModelManifest(
          2, "20261201T000000Z-a", CREATED, 8, 0, 10, 0, Map.of(), Map.of(), Map.of(), Map.of());

  private final AtomicReference<Instant> now = new AtomicReference<>(CREATED.plusSeconds(3600));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final List<String> lines = new ArrayList<>();
  private final ModelAgeReporter reporter =
      new ModelAgeReporter(
          new Metrics(MetricNames.SERVICE_API, lines::add, clock), clock, Duration.ofMinutes(1));

  @Test
  void theLineIsAnEmbeddedMetricOfTheModelsAgeInSeconds() throws Exception {
    reporter.observe(MANIFEST);

    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("ModelAgeSeconds").asLong()).isEqualTo(3600);
    assertThat(line.path("Service").asText()).isEqualTo("api");
    JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
    assertThat(directive.path("Namespace").asText()).isEqualTo(Metrics.NAMESPACE);
    assertThat(directive.path("Metrics").toString())
        .isEqualTo("[{\"Name\":\"ModelAgeSeconds\",\"Unit\":\"Seconds\"}]");
  }

  @Test
  void atMostOneLineAMinute() throws Exception {
    reporter.observe(MANIFEST);
    now.set(now.get().plusSeconds(59));
    reporter.observe(MANIFEST);
    assertThat(lines).hasSize(1);

    now.set(now.get().plusSeconds(1));
    reporter.observe(MANIFEST);

    assertThat(lines).hasSize(2);
    assertThat(new ObjectMapper().readTree(lines.get(1)).path("ModelAgeSeconds").asLong())
        .isEqualTo(3660);
  }

  @Test
  void aModelFromTheFutureIsZeroSecondsOld() {
    assertThat(ModelAgeReporter.value(MANIFEST, CREATED.minusSeconds(5)).value()).isZero();
  }
}
