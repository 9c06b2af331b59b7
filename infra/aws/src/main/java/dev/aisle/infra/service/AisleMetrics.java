package dev.aisle.infra.service;

import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The product's own metrics: CloudWatch embedded metric format lines in the functions' and the
 * trainer's logs, namespace {@value #NAMESPACE}, one dimension {@value #SERVICE_DIMENSION}. The
 * names are the emitters' own constants ({@link MetricNames}, {@link Metrics}): an alarm on a name
 * nobody emits would never fire.
 */
final class AisleMetrics {

  static final String NAMESPACE = Metrics.NAMESPACE;
  static final String SERVICE_DIMENSION = Metrics.SERVICE_DIMENSION;

  static final String OUTBOX_DEPTH = MetricNames.OUTBOX_DEPTH;
  static final String OUTBOX_OLDEST_AGE_SECONDS = MetricNames.OUTBOX_OLDEST_AGE_SECONDS;
  static final String MODEL_AGE_SECONDS = MetricNames.MODEL_AGE_SECONDS;
  static final String MODEL_GATED = MetricNames.MODEL_GATED;
  static final String TRAINER_FAILED = MetricNames.TRAINER_FAILED;
  static final String STREAM_DEAD_LETTERED = MetricNames.STREAM_DEAD_LETTERED;
  static final String API_UNAVAILABLE = MetricNames.API_UNAVAILABLE;

  static final String API = MetricNames.SERVICE_API;
  static final String STREAM = MetricNames.SERVICE_STREAM;
  static final String TRAINER = MetricNames.SERVICE_TRAINER;

  private AisleMetrics() {}

  static Metric of(String service, String name, String statistic, Duration period) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of(SERVICE_DIMENSION, service))
        .statistic(statistic)
        .period(period)
        .build();
  }
}
