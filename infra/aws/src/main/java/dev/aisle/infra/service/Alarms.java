package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What pages someone: function errors and throttles, api p99 latency, 5xx and 503 answers, the
 * Kafka outbox falling behind, a stale model or a gated one, stream consumer lag, records the
 * stream could not apply, and a failed trainer run. Every alarm notifies one SNS topic ({@code
 * aisle:alarmEmail} subscribes an address; anything else can subscribe too). The product's own
 * metrics are those of {@link AisleMetrics}.
 */
public final class Alarms extends Construct {

  private static final Duration PERIOD = Duration.minutes(5);

  private final Topic topic;
  private final SnsAction action;

  public Alarms(Construct scope, String id, DeployConfig config) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .displayName(config.stackPrefix() + " alarms")
            .enforceSsl(true)
            .build();
    config.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
    action = new SnsAction(topic);
  }

  public Topic topic() {
    return topic;
  }

  /** Errors (a few per period: one bad request is not an outage) and any throttle. */
  public void function(String name, IFunction function, double errorThreshold) {
    alarm(
        name + "Errors",
        name + " function errors",
        function.metricErrors(options("Sum")),
        errorThreshold,
        1);
    alarm(
        name + "Throttles",
        name + " function throttled",
        function.metricThrottles(options("Sum")),
        1,
        1);
  }

  /**
   * p99 of API Gateway's latency (what a storefront waits), sustained for 15 minutes; 5xx; 503
   * answers.
   */
  public void api(HttpApiFront front, DeployConfig.Alarms thresholds) {
    alarm(
        "ApiLatencyP99",
        "api p99 latency above " + thresholds.apiP99LatencyMs() + " ms",
        front.api().metricLatency(options("p99")),
        thresholds.apiP99LatencyMs(),
        3);
    alarm("Api5xx", "api answered 5xx", front.api().metricServerError(options("Sum")), 5, 1);
    alarm(
        "ApiUnavailable",
        "api answered 503 (a store failing, throttled or slower than the request budget)",
        AisleMetrics.of(AisleMetrics.API, AisleMetrics.API_UNAVAILABLE, "Sum", PERIOD),
        5,
        1);
  }

  /** Events accepted but not on Kafka yet: the oldest waits too long, or too many wait. */
  public void outbox(DeployConfig.Alarms thresholds) {
    alarm(
        "OutboxOldestAge",
        "an accepted event has waited more than "
            + thresholds.outboxMaxAgeSeconds()
            + " s for Kafka (the relay runs every minute)",
        AisleMetrics.of(
            AisleMetrics.API, AisleMetrics.OUTBOX_OLDEST_AGE_SECONDS, "Maximum", PERIOD),
        thresholds.outboxMaxAgeSeconds(),
        2);
    alarm(
        "OutboxDepth",
        "more than " + thresholds.outboxMaxDepth() + " accepted events wait for Kafka",
        AisleMetrics.of(AisleMetrics.API, AisleMetrics.OUTBOX_DEPTH, "Maximum", PERIOD),
        thresholds.outboxMaxDepth(),
        3);
  }

  /**
   * The served model is older than the schedule allows, or a run's model was kept from publishing.
   * Model age treats missing data as breaching: no datapoint means no container reports a model
   * (none loaded, or none running to say so), which must not read as "fresh".
   */
  public void model(DeployConfig.Alarms thresholds) {
    alarm(
        "ModelAge",
        "the served model is older than "
            + thresholds.modelMaxAgeHours()
            + " hours, or no container reports a model age",
        AisleMetrics.of(AisleMetrics.API, AisleMetrics.MODEL_AGE_SECONDS, "Maximum", PERIOD),
        thresholds.modelMaxAgeHours() * 3600.0,
        3,
        TreatMissingData.BREACHING);
    alarm(
        "ModelGated",
        "a trainer run's model was kept from publishing (scored below the current one, or the"
            + " current one could not be read; the trainer exits 4)",
        AisleMetrics.of(AisleMetrics.TRAINER, AisleMetrics.MODEL_GATED, "Sum", PERIOD),
        1,
        1);
  }

  /** How far the MSK event source is behind the interactions topic (records). */
  public void streamLag(IFunction stream, int maxOffsetLag) {
    Metric lag =
        Metric.Builder.create()
            .namespace("AWS/Lambda")
            .metricName("OffsetLag")
            .dimensionsMap(Map.of("FunctionName", stream.getFunctionName()))
            .statistic("Maximum")
            .period(PERIOD)
            .build();
    alarm(
        "StreamOffsetLag",
        "stream updater behind by more than " + maxOffsetLag + " records",
        lag,
        maxOffsetLag,
        3);
  }

  /**
   * Records the stream could not apply: poison records the function dead-lettered, and (provisioned
   * pollers) records the event source sent to the dead-letter topic or dropped after their retries.
   */
  public void deadLetters(EventSourceMapping mapping, boolean provisionedPollers) {
    Map<String, IMetric> parts = new LinkedHashMap<>();
    parts.put(
        "function",
        AisleMetrics.of(AisleMetrics.STREAM, AisleMetrics.STREAM_DEAD_LETTERED, "Sum", PERIOD));
    String expression = "FILL(function, 0)";
    if (provisionedPollers) {
      parts.put("destination", mappingMetric(mapping, "OnFailureDestinationDeliveredEventCount"));
      parts.put("dropped", mappingMetric(mapping, "DroppedEventCount"));
      expression += " + FILL(destination, 0) + FILL(dropped, 0)";
    }
    alarm(
        "StreamDeadLetters",
        "stream records went to the dead-letter topic or were dropped",
        MathExpression.Builder.create()
            .expression(expression)
            .usingMetrics(parts)
            .period(PERIOD)
            .label("records not applied")
            .build(),
        1,
        1);
  }

  /**
   * A trainer run failed: the engine's failure rule matched (a Fargate task that stopped with a
   * non-zero exit code other than 4, a gated model, which {@link #model} alarms on, or failed to
   * start; an EMR Serverless job run that failed or was cancelled; the rule also notifies the topic
   * with the event's details), or the trainer counted a failure.
   *
   * @param failures the engine's rule ({@link Trainer#failures()}, {@link
   *     EmrServerlessTrainer#failures()})
   * @param what what the rule matches, for the alarm's description
   */
  public void trainer(Rule failures, String what) {
    failures.addTarget(new SnsTopic(topic));
    Metric stopped =
        Metric.Builder.create()
            .namespace("AWS/Events")
            .metricName("TriggeredRules")
            .dimensionsMap(Map.of("RuleName", failures.getRuleName()))
            .statistic("Sum")
            .period(PERIOD)
            .build();
    Map<String, IMetric> parts = new LinkedHashMap<>();
    parts.put("stopped", stopped);
    parts.put(
        "counted",
        AisleMetrics.of(AisleMetrics.TRAINER, AisleMetrics.TRAINER_FAILED, "Sum", PERIOD));
    alarm(
        "TrainerFailed",
        "trainer run failed (" + what + ")",
        MathExpression.Builder.create()
            .expression("MAX([FILL(stopped, 0), FILL(counted, 0)])")
            .usingMetrics(parts)
            .period(PERIOD)
            .label("trainer failures")
            .build(),
        1,
        1);
  }

  private static Metric mappingMetric(EventSourceMapping mapping, String name) {
    return Metric.Builder.create()
        .namespace("AWS/Lambda")
        .metricName(name)
        .dimensionsMap(Map.of("EventSourceMappingUUID", mapping.getEventSourceMappingId()))
        .statistic("Sum")
        .period(PERIOD)
        .build();
  }

  private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
    alarm(id, description, metric, threshold, periods, TreatMissingData.NOT_BREACHING);
  }

  private void alarm(
      String id,
      String description,
      IMetric metric,
      double threshold,
      int periods,
      TreatMissingData missing) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(periods)
            .datapointsToAlarm(periods)
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(action);
  }

  private static MetricOptions options(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
  }
}
