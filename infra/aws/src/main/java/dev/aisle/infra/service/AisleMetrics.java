package dev.aisle.infra.service;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The product's own metrics: CloudWatch embedded metric format lines in the functions' and
 * the trainer's logs, namespace {@value #NAMESPACE}, one dimension {@value #SERVICE_DIMENSION}.
 * The names are the emitters' ({@code core dev.aisle.telemetry.MetricNames}); an alarm on a name
 * nobody emits would never fire, so they must stay equal.
 */
final class AisleMetrics {

  static final String NAMESPACE = "Aisle";
  static final String SERVICE_DIMENSION = "Service";

  static final String OUTBOX_DEPTH = "OutboxDepth";
  static final String OUTBOX_OLDEST_AGE_SECONDS = "OutboxOldestAgeSeconds";
  static final String MODEL_AGE_SECONDS = "ModelAgeSeconds";
  static final String MODEL_GATED = "ModelGated";
  static final String TRAINER_FAILED = "TrainerFailed";
  static final String STREAM_DEAD_LETTERED = "StreamDeadLettered";
  static final String API_UNAVAILABLE = "ApiUnavailable";

  static final String API = "api";
  static final String STREAM = "stream";
  static final String TRAINER = "trainer";

  private AisleMetrics() {}

  static Metric of(String service, String name, String statistic, Duration period) {
    return Metric.Builder.create()
        .namespace(NAMESPACE).metricName(name)
        .dimensionsMap(Map.of(SERVICE_DIMENSION, service))
        .statistic(statistic).period(period)
        .build();
  }
}
