package dev.aisle.infra.cost;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.storage.kafka.KafkaTopics;

/**
 * What a workload turns into on this deployment before any price applies: requests, invocations,
 * seconds of compute, write units per event, pairs the trainer holds.
 */
final class Traffic {

  private final DeployConfig config;
  private final Workload workload;
  private final Figures usage;

  Traffic(DeployConfig config, Workload workload, Figures usage) {
    this.config = config;
    this.workload = workload;
    this.usage = usage;
  }

  /** POST /events requests. */
  double posts() {
    return workload.events() / usage.value("api.eventsPerPost");
  }

  /**
   * Posts that come through CloudFront: with IAM, backends sign for and call API Gateway directly.
   */
  double postsViaCloudFront() {
    return config.api().writeAuth() == DeployConfig.WriteAuth.JWT ? posts() : 0;
  }

  double reads() {
    return workload.requests();
  }

  double apiInvocations() {
    return posts() + reads() + usage.value("relay.invocationsPerMonth");
  }

  double apiSeconds() {
    return (posts() * usage.value("api.writeMillis")
            + reads() * usage.value("api.readMillis")
            + usage.value("relay.invocationsPerMonth") * usage.value("relay.millis"))
        / 1000;
  }

  /**
   * Stream invocations: a batch collects what one partition receives in the batching window, at
   * least one record and at most the batch size (quiet topics send one event per invocation).
   */
  double streamInvocations() {
    if (workload.events() == 0) {
      return 0;
    }
    double perSecond = workload.events() / CostModel.SECONDS_PER_MONTH;
    double perBatch = perSecond * usage.value("stream.batchingWindowSeconds") / partitions();
    double batch = Math.max(1, Math.min(config.functions().streamBatchSize(), perBatch));
    return workload.events() / batch;
  }

  double streamSeconds() {
    return (streamInvocations() * usage.value("stream.millisPerInvocation")
            + workload.events() * usage.value("stream.millisPerEvent"))
        / 1000;
  }

  private int partitions() {
    return config.kafka().mode() == DeployConfig.KafkaMode.PROVISIONED
        ? config.kafka().interactionPartitions()
        : KafkaTopics.INTERACTION_PARTITIONS;
  }

  /** Write request units of one stored event: the table row and every index it lands in. */
  double writeUnitsPerEvent() {
    return usage.value("dynamodb.wru.perEvent.base")
        + usage.value("dynamodb.wru.perEvent.byTime")
        + usage.value("dynamodb.wru.perEvent.byAcceptTime")
        + usage.value("dynamodb.wru.perEvent.outbox");
  }

  /** Months of events the table holds: the retention, or a year when nothing expires. */
  double storedEventMonths() {
    int days = config.tables().eventRetentionDays();
    return days > 0
        ? days / TrainingSchedule.DAYS_PER_MONTH
        : usage.value("storage.monthsKeptWithoutRetention");
  }

  /** (shopper, item) pairs in the snapshot: events of the training window, capped per shopper. */
  double pairs() {
    double months = Math.min(storedEventMonths(), usage.value("trainer.windowMonths"));
    return Math.min(
        workload.events() * months * usage.value("trainer.pairsPerEvent"),
        workload.shoppers() * usage.value("trainer.maxPairsPerShopper"));
  }

  /** One run: start, ALS over every pair, per-item lists, the snapshot read and written. */
  double trainerHoursPerRun(double vcpus) {
    double als =
        pairs()
            * usage.value("trainer.iterations")
            * usage.value("trainer.alsMicrosPerPairIteration")
            / 1e6
            / vcpus;
    double items = workload.items() * usage.value("trainer.microsPerItem") / 1e6 / vcpus;
    double snapshot =
        2
            * pairs()
            * usage.value("trainer.snapshotBytesPerPair")
            / (usage.value("trainer.snapshotMegabytesPerSecond") * 1e6);
    return usage.value("trainer.startupMinutes") / 60 + (als + items + snapshot) / 3600;
  }

  /**
   * One run of the Spark job on {@code vcpus} (all workers, the driver's included): Aisle's ALS on
   * Spark costs {@code spark.alsCostFactor} times the single-node CPU time per pair, the rest as on
   * one machine, plus the application's start.
   */
  double sparkTrainerHoursPerRun(double vcpus) {
    double als =
        pairs()
            * usage.value("trainer.iterations")
            * usage.value("trainer.alsMicrosPerPairIteration")
            * usage.value("spark.alsCostFactor")
            / 1e6
            / vcpus;
    double items = workload.items() * usage.value("trainer.microsPerItem") / 1e6 / vcpus;
    double snapshot =
        2
            * pairs()
            * usage.value("trainer.snapshotBytesPerPair")
            / (usage.value("trainer.snapshotMegabytesPerSecond") * 1e6);
    return usage.value("spark.startupMinutes") / 60 + (als + items + snapshot) / 3600;
  }
}
