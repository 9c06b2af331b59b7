package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What pages someone: function errors and throttles, api p99 latency and 5xx, stream consumer lag,
 * records arriving on the dead-letter topic, and a failed trainer run. Every alarm notifies one SNS
 * topic ({@code aisle:alarmEmail} subscribes an address; anything else can subscribe too).
 */
public final class Alarms extends Construct {

  private static final Duration PERIOD = Duration.minutes(5);

  private final Topic topic;
  private final SnsAction action;

  public Alarms(Construct scope, String id, DeployConfig config) {
    super(scope, id);
    topic = Topic.Builder.create(this, "Topic")
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
    alarm(name + "Errors", name + " function errors", function.metricErrors(options("Sum")), errorThreshold, 1);
    alarm(name + "Throttles", name + " function throttled", function.metricThrottles(options("Sum")), 1, 1);
  }

  /** p99 of API Gateway's latency (what a storefront waits), sustained for 15 minutes, and 5xx. */
  public void api(HttpApiFront front, DeployConfig.Alarms thresholds) {
    alarm("ApiLatencyP99", "api p99 latency above " + thresholds.apiP99LatencyMs() + " ms",
        front.api().metricLatency(options("p99")), thresholds.apiP99LatencyMs(), 3);
    alarm("Api5xx", "api answered 5xx", front.api().metricServerError(options("Sum")), 5, 1);
  }

  /** How far the MSK event source is behind the interactions topic (records). */
  public void streamLag(IFunction stream, int maxOffsetLag) {
    Metric lag = Metric.Builder.create()
        .namespace("AWS/Lambda").metricName("OffsetLag")
        .dimensionsMap(Map.of("FunctionName", stream.getFunctionName()))
        .statistic("Maximum").period(PERIOD).build();
    alarm("StreamOffsetLag", "stream updater behind by more than " + maxOffsetLag + " records", lag, maxOffsetLag, 3);
  }

  /** Any record produced to the dead-letter topic (MSK Serverless per-topic metric). */
  public void deadLetters(String clusterName, String topicName) {
    Metric messagesIn = Metric.Builder.create()
        .namespace("AWS/Kafka").metricName("MessagesInPerSec")
        .dimensionsMap(Map.of("Cluster Name", clusterName, "Topic", topicName))
        .statistic("Maximum").period(PERIOD).build();
    Alarm alarm = Alarm.Builder.create(this, "DeadLetters")
        .alarmDescription("records arrive on the dead-letter topic " + topicName)
        .metric(messagesIn)
        .threshold(0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    alarm.addAlarmAction(action);
  }

  /** The trainer's failure rule notifies the topic with the stopped task, and an alarm counts it. */
  public void trainer(Trainer trainer) {
    trainer.failures().addTarget(new SnsTopic(topic));
    Metric triggered = Metric.Builder.create()
        .namespace("AWS/Events").metricName("TriggeredRules")
        .dimensionsMap(Map.of("RuleName", trainer.failures().getRuleName()))
        .statistic("Sum").period(PERIOD).build();
    alarm("TrainerFailed", "trainer task stopped with a non-zero exit code or failed to start", triggered, 1, 1);
  }

  private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
    Alarm alarm = Alarm.Builder.create(this, id)
        .alarmDescription(description)
        .metric(metric)
        .threshold(threshold)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .evaluationPeriods(periods)
        .datapointsToAlarm(periods)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    alarm.addAlarmAction(action);
  }

  private static MetricOptions options(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
  }
}
