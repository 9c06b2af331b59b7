package dev.aisle.trainer.cli;

import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;

/**
 * The outcome of a {@code train} or {@code pipeline} run as one CloudWatch embedded-metric-format
 * line on standard output (service {@value MetricNames#SERVICE_TRAINER}; the container's log driver
 * sends it to CloudWatch): {@code ModelPublished}, {@code ModelGated} or {@code TrainerFailed},
 * value 1. A run that another run overtook (a later snapshot, a lost race on CURRENT) counts none:
 * the other run's outcome is counted.
 */
final class RunMetrics {

  private RunMetrics() {}

  static void published() {
    emit(MetricNames.MODEL_PUBLISHED);
  }

  static void gated() {
    emit(MetricNames.MODEL_GATED);
  }

  static void failed() {
    emit(MetricNames.TRAINER_FAILED);
  }

  private static void emit(String name) {
    // created per call: standard output as it is now (tests swap it)
    Metrics.toStandardOutput(MetricNames.SERVICE_TRAINER).emit(Metrics.Value.count(name, 1));
  }
}
