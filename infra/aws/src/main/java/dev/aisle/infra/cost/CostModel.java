package dev.aisle.infra.cost;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.CapacityMode;
import dev.aisle.infra.config.DeployConfig.Egress;
import dev.aisle.infra.config.DeployConfig.KafkaMode;
import dev.aisle.storage.kafka.KafkaTopics;
import java.util.ArrayList;
import java.util.List;

/**
 * A month's AWS bill of one deployment for one workload: usage (from the workload and the usage
 * assumptions) times the list prices, per service. The deployment's sizes come from the same {@link
 * DeployConfig} the CDK app builds (the profile and any context), so the estimate describes what
 * {@code cdk deploy} would create. docs/cost.md explains each line.
 *
 * <p>No free tiers are subtracted: they are per account and shared with whatever else runs there.
 */
public final class CostModel {

  static final double HOURS_PER_MONTH = 730;
  static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
  private static final double GB = 1e9;
  private static final double MILLION = 1e6;

  private final Figures prices;
  private final Figures usage;

  public CostModel(Figures prices, Figures usage) {
    this.prices = prices;
    this.usage = usage;
  }

  public Figures prices() {
    return prices;
  }

  /** The same workload on Amazon Personalize. */
  public PersonalizeEstimate personalize(DeployConfig config, Workload workload) {
    return PersonalizeEstimate.of(
        workload, new Traffic(config, workload, usage).pairs(), prices, usage);
  }

  /** The model with the packaged price table and usage assumptions. */
  public static CostModel standard() {
    return new CostModel(
        Figures.load("cost/prices-us-east-1.properties"), Figures.load("cost/usage.properties"));
  }

  /** The same prices with some usage assumptions changed ({@code --assume}). */
  public CostModel assuming(java.util.Map<String, Double> changes) {
    return changes.isEmpty() ? this : new CostModel(prices, usage.with(changes));
  }

  public Estimate estimate(DeployConfig config, Workload workload) {
    Traffic traffic = new Traffic(config, workload, usage);
    List<Line> lines = new ArrayList<>();
    kafka(config, workload, lines);
    eventSource(config, lines);
    network(config, lines);
    apiFront(config, traffic, lines);
    cdn(workload, lines);
    functions(config, traffic, lines);
    dynamodb(config, workload, traffic, lines);
    s3(workload, traffic, lines);
    trainer(config, workload, traffic, lines);
    observability(config, workload, traffic, lines);
    lines.add(
        new Line(
            "Secrets Manager",
            "origin secret, erasure salt, shopper-token key",
            secrets(config) + " secret(s)",
            secrets(config) * price("secretsmanager.secretMonth")));
    return new Estimate(
        config.profile().contextName(), workload, lines.stream().filter(l -> l.usd() > 0).toList());
  }

  private void kafka(DeployConfig config, Workload w, List<Line> lines) {
    DeployConfig.Kafka kafka = config.kafka();
    double inGb = w.events() * usage.value("event.kafkaBytes") / GB;
    if (kafka.mode() == KafkaMode.SERVERLESS) {
      int partitions = KafkaTopics.INTERACTION_PARTITIONS + 1;
      lines.add(
          new Line(
              "MSK",
              "serverless cluster",
              "730 cluster-hours",
              HOURS_PER_MONTH * price("msk.serverlessClusterHour")));
      lines.add(
          new Line(
              "MSK",
              "partitions",
              partitions + " x 730 partition-hours",
              partitions * HOURS_PER_MONTH * price("msk.serverlessPartitionHour")));
      lines.add(
          new Line(
              "MSK",
              "data in and out",
              gb(inGb) + " in, " + gb(inGb) + " out",
              inGb * (price("msk.serverlessDataInPerGb") + price("msk.serverlessDataOutPerGb"))));
      double storedGb =
          inGb * usage.value("kafka.serverlessRetentionDays") / TrainingSchedule.DAYS_PER_MONTH;
      lines.add(
          new Line(
              "MSK",
              "storage",
              gb(storedGb) + "-months",
              storedGb * price("msk.serverlessStoragePerGbMonth")));
    } else {
      String key = "msk.brokerHour." + kafka.brokerType();
      if (!prices.has(key)) {
        throw new IllegalArgumentException(
            "the price table has no " + key + ": add the broker's hourly price");
      }
      lines.add(
          new Line(
              "MSK",
              kafka.brokers() + " x " + kafka.brokerType(),
              kafka.brokers() + " x 730 broker-hours",
              kafka.brokers() * HOURS_PER_MONTH * price(key)));
      double storage = kafka.brokers() * (double) kafka.brokerStorageGiB();
      lines.add(
          new Line(
              "MSK",
              "broker storage",
              gb(storage) + "-months",
              storage * price("msk.brokerStoragePerGbMonth")));
    }
  }

  /** Provisioned pollers bill at least one event poller unit (10 pollers) every hour. */
  private void eventSource(DeployConfig config, List<Line> lines) {
    if (config.streamSource().provisioned()) {
      double units = Math.ceil(config.streamSource().minimumPollers() / 10.0);
      lines.add(
          new Line(
              "Lambda",
              "provisioned event pollers",
              fmt(units) + " x 730 EPU-hours",
              units * HOURS_PER_MONTH * price("lambda.eventPollerUnitHour")));
    }
  }

  private void network(DeployConfig config, List<Line> lines) {
    if (config.egress() == Egress.ENDPOINTS) {
      int endpointHours = 2 * config.endpointAzs();
      lines.add(
          new Line(
              "VPC",
              "Lambda and STS interface endpoints",
              endpointHours + " x 730 endpoint-AZ-hours",
              endpointHours * HOURS_PER_MONTH * price("vpc.interfaceEndpointAzHour")));
    } else if (config.egress() == Egress.NAT) {
      lines.add(
          new Line(
              "VPC", "NAT gateway", "730 hours", HOURS_PER_MONTH * price("vpc.natGatewayHour")));
    }
  }

  /** API Gateway for every request; CloudFront and WAF for what comes through the distribution. */
  private void apiFront(DeployConfig config, Traffic t, List<Line> lines) {
    double requests = t.posts() + t.reads();
    double first = Math.min(requests, 300 * MILLION);
    lines.add(
        new Line(
            "API Gateway",
            "HTTP API requests",
            millions(requests),
            first / MILLION * price("apigateway.httpRequestPerMillion")
                + (requests - first) / MILLION * price("apigateway.httpRequestPerMillion") * 0.9));
    double viaCloudFront = t.reads() + t.postsViaCloudFront();
    lines.add(
        new Line(
            "CloudFront",
            "api requests",
            millions(viaCloudFront),
            viaCloudFront / 1e4 * price("cloudfront.httpsRequestPerTenThousand")));
    double outGb = t.reads() * usage.value("api.responseKb") / MILLION;
    double toOriginGb = t.postsViaCloudFront() * usage.value("api.postKb") / MILLION;
    lines.add(
        new Line(
            "CloudFront",
            "api data out and to the origin",
            gb(outGb) + " out, " + gb(toOriginGb) + " in",
            outGb * price("cloudfront.dataOutPerGb")
                + toOriginGb * price("cloudfront.dataToOriginPerGb")));
    int rules = 3 + (config.apiEdge().trustedCidrs().isEmpty() ? 0 : 1);
    lines.add(
        new Line(
            "WAF",
            "web ACL and " + rules + " rules",
            "1 web ACL, " + rules + " rules",
            price("waf.webAclMonth") + rules * price("waf.ruleMonth")));
    lines.add(
        new Line(
            "WAF",
            "inspected requests",
            millions(viaCloudFront),
            viaCloudFront / MILLION * price("waf.requestPerMillion")));
  }

  private void cdn(Workload w, List<Line> lines) {
    double requests = w.cdnRequests();
    double outGb = requests * usage.value("cdn.responseKb") / MILLION;
    lines.add(
        new Line(
            "CloudFront",
            "CDN requests and data out",
            millions(requests) + ", " + gb(outGb),
            requests / 1e4 * price("cloudfront.httpsRequestPerTenThousand")
                + outGb * price("cloudfront.dataOutPerGb")));
    double paths = w.trainingRuns() * usage.value("precompute.invalidationPathsPerRun");
    lines.add(
        new Line(
            "CloudFront",
            "invalidation paths",
            fmt(paths) + " paths (1,000 free)",
            Math.max(0, paths - price("cloudfront.freeInvalidationPaths"))
                * price("cloudfront.invalidationPathPerPath")));
  }

  private void functions(DeployConfig config, Traffic t, List<Line> lines) {
    boolean arm = config.functions().architecture() == DeployConfig.CpuArchitecture.ARM64;
    double gbSecond = price(arm ? "lambda.gbSecond.arm64" : "lambda.gbSecond");
    lines.add(
        new Line(
            "Lambda",
            "requests",
            millions(t.apiInvocations() + t.streamInvocations()),
            (t.apiInvocations() + t.streamInvocations())
                / MILLION
                * price("lambda.requestPerMillion")));
    double apiGb = config.functions().apiMemoryMiB() / 1024.0;
    double apiSeconds = t.apiSeconds();
    int provisioned = config.functions().apiProvisionedConcurrency();
    if (provisioned > 0) {
      double capacity =
          provisioned * SECONDS_PER_MONTH * usage.value("lambda.provisionedUtilization");
      double onProvisioned = Math.min(apiSeconds, capacity);
      apiSeconds -= onProvisioned;
      lines.add(
          new Line(
              "Lambda",
              "api provisioned concurrency",
              provisioned + " x " + fmt(apiGb) + " GB",
              provisioned * apiGb * SECONDS_PER_MONTH * price("lambda.provisionedGbSecond")
                  + onProvisioned * apiGb * price("lambda.provisionedDurationGbSecond")));
    }
    lines.add(
        new Line(
            "Lambda",
            "api duration",
            fmt(apiSeconds * apiGb) + " GB-s",
            apiSeconds * apiGb * gbSecond));
    double streamGb = config.functions().streamMemoryMiB() / 1024.0;
    lines.add(
        new Line(
            "Lambda",
            "stream duration",
            fmt(t.streamSeconds() * streamGb) + " GB-s",
            t.streamSeconds() * streamGb * gbSecond));
  }

  private void dynamodb(DeployConfig config, Workload w, Traffic t, List<Line> lines) {
    DeployConfig.Tables tables = config.tables();
    boolean ia = tables.eventsInfrequentAccess();
    boolean provisioned = tables.capacity() == CapacityMode.PROVISIONED;
    double eventWrites = w.events() * t.writeUnitsPerEvent();
    double eventReads =
        t.reads() * usage.value("api.readUnits.events")
            + w.events() * usage.value("trainer.readRequestUnitsPerEvent");
    double stateWrites =
        w.events()
            * usage.value("userState.writesPerEvent")
            * Math.ceil(usage.value("userState.itemKb"));
    double stateReads =
        w.events()
                * usage.value("userState.writesPerEvent")
                * Math.ceil(usage.value("userState.itemKb") / 4)
            + t.reads() * usage.value("api.readUnits.userState");
    if (provisioned) {
      lines.add(
          provisioned(
              "events", eventWrites, eventReads, tables.eventsWrite(), tables.eventsRead(), 2, ia));
      lines.add(
          provisioned(
              "user-state",
              stateWrites,
              stateReads,
              tables.userStateWrite(),
              tables.userStateRead(),
              1,
              false));
    } else {
      lines.add(onDemand("events", eventWrites, eventReads, ia));
      lines.add(onDemand("user-state", stateWrites, stateReads, false));
    }
    double catalogWrites = w.items() * usage.value("items.updatesPerMonth") * 2;
    lines.add(onDemand("items", catalogWrites, 0, false));

    double eventsGb = w.events() * t.storedEventMonths() * usage.value("event.storedBytes") / GB;
    double otherGb =
        (w.shoppers() * (usage.value("userState.itemKb") + usage.value("users.storedKb"))
                + w.items() * usage.value("items.storedKb"))
            / MILLION;
    lines.add(
        new Line(
            "DynamoDB",
            "storage: events (" + fmt(t.storedEventMonths()) + " months)",
            gb(eventsGb) + "-months",
            eventsGb * price(ia ? "dynamodb.storagePerGbMonth.ia" : "dynamodb.storagePerGbMonth")));
    lines.add(
        new Line(
            "DynamoDB",
            "storage: user-state, users, items",
            gb(otherGb) + "-months",
            otherGb * price("dynamodb.storagePerGbMonth")));
    lines.add(
        new Line(
            "DynamoDB",
            "point-in-time recovery",
            gb(eventsGb + otherGb) + "-months",
            (eventsGb + otherGb) * price("dynamodb.pitrPerGbMonth")));
  }

  private Line onDemand(String table, double writeUnits, double readUnits, boolean ia) {
    String suffix = ia ? ".ia" : "";
    return new Line(
        "DynamoDB",
        table + " requests (on-demand" + (ia ? ", Standard-IA" : "") + ")",
        millions(writeUnits) + " write, " + millions(readUnits) + " read units",
        writeUnits / MILLION * price("dynamodb.writeRequestPerMillion" + suffix)
            + readUnits / MILLION * price("dynamodb.readRequestPerMillion" + suffix));
  }

  /**
   * Auto-scaled capacity follows the load at the target utilization, never below the minimums of
   * the table and of each full index ({@code fullIndexes} counts the table too; a sparse index
   * keeps 1).
   */
  private Line provisioned(
      String table,
      double writeUnits,
      double readUnits,
      DeployConfig.Capacity write,
      DeployConfig.Capacity read,
      int fullIndexes,
      boolean ia) {
    double utilization = usage.value("dynamodb.targetUtilization");
    double writeHours =
        Math.max(write.min() * fullIndexes * HOURS_PER_MONTH, writeUnits / 3600 / utilization);
    double readHours =
        Math.max(read.min() * fullIndexes * HOURS_PER_MONTH, readUnits / 3600 / utilization);
    String suffix = ia ? ".ia" : "";
    return new Line(
        "DynamoDB",
        table + " capacity (provisioned, auto scaling" + (ia ? ", Standard-IA" : "") + ")",
        fmt(writeHours) + " WCU-h, " + fmt(readHours) + " RCU-h",
        writeHours * price("dynamodb.wcuHour" + suffix)
            + readHours * price("dynamodb.rcuHour" + suffix));
  }

  private void s3(Workload w, Traffic t, List<Line> lines) {
    double modelsGb =
        w.items() * usage.value("model.bytesPerItem") * usage.value("model.versionsKept") / GB;
    // the current snapshot and a day of overwritten parts
    double snapshotGb = 2 * t.pairs() * usage.value("trainer.snapshotBytesPerPair") / GB;
    double cdnGb = w.items() * usage.value("cdn.responseKb") / MILLION;
    double logsGb =
        (t.reads() + t.postsViaCloudFront() + w.cdnRequests())
            * usage.value("logs.accessLogBytesPerCdnRequest")
            * 3
            / GB;
    double stored = modelsGb + snapshotGb + cdnGb + logsGb;
    lines.add(
        new Line(
            "S3",
            "storage: models, snapshot, CDN lists, access logs",
            gb(stored) + "-months",
            stored * price("s3.storagePerGbMonth")));
    double putsPerRun = w.items() * usage.value("precompute.changedShare") + 100;
    double puts = w.trainingRuns() * putsPerRun;
    lines.add(
        new Line(
            "S3",
            "PUT requests (models, snapshot parts, CDN lists)",
            millions(puts),
            puts / 1000 * price("s3.putPerThousand")));
  }

  private void trainer(DeployConfig config, Workload w, Traffic t, List<Line> lines) {
    DeployConfig.Trainer trainer = config.trainer();
    if (trainer.onEmrServerless()) {
      sparkTrainer(config, w, t, lines);
      return;
    }
    double vcpus = trainer.cpu() / 1024.0;
    double memoryGb = trainer.memoryMiB() / 1024.0;
    double hours = t.trainerHoursPerRun(vcpus);
    double perHour =
        vcpus * price("fargate.vcpuHour")
            + memoryGb * price("fargate.gbHour")
            + price("vpc.publicIpv4Hour");
    lines.add(
        new Line(
            "Fargate",
            "trainer (" + fmt(vcpus) + " vCPU, " + fmt(memoryGb) + " GB)",
            fmt(w.trainingRuns()) + " runs x " + fmt(hours * 60) + " min",
            w.trainingRuns() * hours * perHour));
    lines.add(
        new Line("ECR", "trainer image", "0.35 GB-months", 0.35 * price("ecr.storagePerGbMonth")));
  }

  /**
   * The Spark job on EMR Serverless, billed per vCPU-hour and GB-hour of its workers while the run
   * lasts; the estimate assumes a run holds the application's maximum capacity throughout (dynamic
   * allocation grows to it on a large matrix), an upper bound.
   */
  private void sparkTrainer(DeployConfig config, Workload w, Traffic t, List<Line> lines) {
    DeployConfig.Trainer trainer = config.trainer();
    boolean arm = config.functions().architecture() == DeployConfig.CpuArchitecture.ARM64;
    double vcpus = trainer.sparkMaxVcpus();
    double memoryGb = trainer.sparkMaxMemoryGb();
    double hours = t.sparkTrainerHoursPerRun(vcpus);
    double perHour =
        vcpus * price(arm ? "emrserverless.vcpuHour.arm64" : "emrserverless.vcpuHour")
            + memoryGb * price(arm ? "emrserverless.gbHour.arm64" : "emrserverless.gbHour");
    lines.add(
        new Line(
            "EMR Serverless",
            "Spark trainer (" + fmt(vcpus) + " vCPU, " + fmt(memoryGb) + " GB at most)",
            fmt(w.trainingRuns()) + " runs x " + fmt(hours * 60) + " min",
            w.trainingRuns() * hours * perHour));
  }

  private void observability(DeployConfig config, Workload w, Traffic t, List<Line> lines) {
    double ingestedGb =
        ((t.apiInvocations() + t.streamInvocations())
                    * usage.value("logs.platformBytesPerInvocation")
                + (t.posts() + t.reads()) * usage.value("logs.accessBytesPerRequest")
                + t.streamInvocations() * usage.value("logs.streamBytesPerInvocation")
                + w.trainingRuns() * usage.value("logs.trainerMegabytesPerRun") * MILLION)
            / GB;
    double storedGb =
        ingestedGb
            * usage.value("logs.compression")
            * config.logRetentionDays()
            / TrainingSchedule.DAYS_PER_MONTH;
    lines.add(
        new Line(
            "CloudWatch",
            "logs (" + config.logRetentionDays() + " days kept)",
            gb(ingestedGb) + " ingested, " + gb(storedGb) + " stored",
            ingestedGb * price("cloudwatch.logsIngestPerGb")
                + storedGb * price("cloudwatch.logsStoragePerGbMonth")));
    double alarmMetrics =
        usage.value("alarms.metrics") - (config.streamSource().provisioned() ? 0 : 2);
    lines.add(
        new Line(
            "CloudWatch",
            "alarms and the product's metrics",
            fmt(alarmMetrics)
                + " alarm metrics, "
                + fmt(usage.value("metrics.custom"))
                + " metrics",
            alarmMetrics * price("cloudwatch.alarmMetricMonth")
                + usage.value("metrics.custom") * price("cloudwatch.customMetricMonth")));
  }

  /**
   * The secrets the app creates: CloudFront's origin secret (two while one rotates), the salt of
   * the erasure records and, unless shopper tokens are off, the key that signs them.
   */
  private static int secrets(DeployConfig config) {
    int origin = config.apiEdge().originSecretGeneration() > 1 ? 2 : 1;
    int tokenKey = config.api().shopperTokens().enabled() ? 1 : 0;
    return origin + 1 + tokenKey;
  }

  private double price(String key) {
    return prices.value(key);
  }

  static String millions(double count) {
    return count >= MILLION ? fmt(count / MILLION) + " M" : fmt(count);
  }

  static String gb(double gigabytes) {
    return fmt(gigabytes) + " GB";
  }

  static String fmt(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return String.format("%,d", (long) value);
    }
    return Math.abs(value) >= 100
        ? String.format("%,.0f", value)
        : Math.abs(value) >= 1 ? String.format("%.1f", value) : String.format("%.3f", value);
  }
}
