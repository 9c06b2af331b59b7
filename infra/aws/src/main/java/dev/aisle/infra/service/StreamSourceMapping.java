package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import java.util.List;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.MetricType;
import software.amazon.awscdk.services.lambda.MetricsConfig;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KafkaDlq;
import software.constructs.Construct;

/**
 * The MSK event source of the stream function, in the mode {@code aisle:streamPollers} chooses.
 * docs/stream.md ("Failure handling in AWS") says what each mode does with a record that fails.
 *
 * <ul>
 *   <li><b>Provisioned</b> (profiles standard and large): Lambda's error-handling controls for
 *       Kafka exist only in this mode. A failing record is retried {@code
 *       aisle:streamRetryAttempts} times, a batch whose invocation fails is split in two to isolate
 *       the record, the function's partial batch responses are honoured, and a record that exhausts
 *       its retries goes to the dead-letter topic (a Kafka on-failure destination: the record
 *       itself plus Lambda's failure metadata) instead of stalling its partition. The pollers need
 *       no Lambda or STS endpoint. The EventCount metrics are on, so the alarms see records sent to
 *       the destination.
 *   <li><b>On-demand</b> (profile small, saves the poller's hourly price): Lambda ignores partial
 *       batch responses and retries a failed batch until it succeeds. The function is therefore
 *       told to fail the whole invocation on any failed record ({@code
 *       AISLE_STREAM_REPORT_BATCH_ITEM_FAILURES=false}): a stuck record stalls its partition (the
 *       offset-lag alarm fires) but nothing is skipped.
 * </ul>
 */
final class StreamSourceMapping {

  private StreamSourceMapping() {}

  /**
   * The environment variable that makes the stream function report per-record failures or fail the
   * batch.
   */
  static final String REPORT_FAILURES_VARIABLE = "AISLE_STREAM_REPORT_BATCH_ITEM_FAILURES";

  static String reportsRecordFailures(DeployConfig.StreamSource source) {
    return Boolean.toString(source.provisioned());
  }

  static EventSourceMapping create(
      Construct scope,
      String id,
      DeployConfig config,
      IFunction target,
      String clusterArn,
      String topic,
      String consumerGroup,
      String deadLetterTopic) {
    DeployConfig.StreamSource source = config.streamSource();
    EventSourceMapping.Builder mapping =
        EventSourceMapping.Builder.create(scope, id)
            .target(target)
            .eventSourceArn(clusterArn)
            .kafkaTopic(topic)
            .kafkaConsumerGroupId(consumerGroup)
            .startingPosition(StartingPosition.TRIM_HORIZON)
            .batchSize(config.functions().streamBatchSize());
    if (source.provisioned()) {
      mapping
          .provisionedPollerConfig(
              ProvisionedPollerConfig.builder()
                  .minimumPollers(source.minimumPollers())
                  .maximumPollers(source.maximumPollers())
                  .build())
          // The stream function answers with the records to retry; the rest of the batch is
          // committed.
          .reportBatchItemFailures(true)
          .retryAttempts(source.retryAttempts())
          .bisectBatchOnError(true)
          .onFailure(new KafkaDlq(deadLetterTopic))
          .metricsConfig(MetricsConfig.builder().metrics(List.of(MetricType.EVENT_COUNT)).build());
    }
    return mapping.build();
  }
}
