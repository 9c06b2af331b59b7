package dev.aisle.infra.config;

import dev.aisle.storage.kafka.KafkaTopics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a deployment can change, read from CDK context ({@code cdk.json} or {@code -c
 * aisle:key=value}) over the defaults of the chosen {@link Profile}. docs/deploy.md lists every
 * key; the defaults (profile standard) are a production-shaped deployment.
 *
 * @param profile the profile whose defaults apply where a key is not given
 * @param stackPrefix prefix of the stack names ({@code <prefix>-Data}, {@code <prefix>-Service}):
 *     two prefixes are two independent deployments in one account
 * @param retainData keep tables and buckets (and protect tables from deletion) when a stack is
 *     deleted; false is for throw-away environments
 * @param logRetentionDays retention of every log group the app creates
 * @param alarmEmail address subscribed to the alarm topic (confirmed by mail), if any
 * @param egress how private subnets reach AWS APIs that have no gateway endpoint
 * @param endpointAzs Availability Zones that get the interface endpoints of {@link
 *     Egress#ENDPOINTS}
 */
public record DeployConfig(
    Profile profile,
    String stackPrefix,
    boolean retainData,
    int logRetentionDays,
    Optional<String> alarmEmail,
    Egress egress,
    int endpointAzs,
    Kafka kafka,
    StreamSource streamSource,
    Functions functions,
    Tables tables,
    Api api,
    ApiEdge apiEdge,
    Trainer trainer,
    Cdn cdn,
    Alarms alarms) {

  /** Availability Zones of the VPC: MSK needs at least two, and each zone gets one broker set. */
  public static final int AVAILABILITY_ZONES = 2;

  /**
   * Events expire two years after their timestamp unless {@code aisle:eventRetentionDays} says
   * otherwise (0 keeps them).
   */
  public static final int DEFAULT_EVENT_RETENTION_DAYS = 730;

  /**
   * How the private subnets reach the Lambda and STS APIs, which the MSK event source's pollers
   * need in on-demand mode (provisioned pollers need neither). S3 and DynamoDB always go through
   * free gateway endpoints.
   */
  public enum Egress {
    /** Nothing beyond the gateway endpoints: the data path never leaves the VPC. */
    NONE,
    /**
     * Interface endpoints for Lambda and STS: about $7.30 per endpoint and Availability Zone a
     * month.
     */
    ENDPOINTS,
    /** One NAT gateway: general egress for the functions, about $33/month idle plus data. */
    NAT
  }

  /** MSK Serverless, or a provisioned cluster of Standard brokers. */
  public enum KafkaMode {
    SERVERLESS,
    PROVISIONED
  }

  /** The event source mapping's pollers: Lambda-managed (free) or provisioned (billed per hour). */
  public enum PollerMode {
    ON_DEMAND,
    PROVISIONED
  }

  /** DynamoDB capacity of the two hot tables (events, user-state); the others stay on-demand. */
  public enum CapacityMode {
    ON_DEMAND,
    PROVISIONED
  }

  /**
   * @param brokersPerAz provisioned: brokers in each of the VPC's two Availability Zones
   * @param brokerStorageGiB provisioned: EBS volume of each broker
   * @param interactionPartitions provisioned: partitions of the interactions topic (declared at
   *     deploy time); MSK Serverless topics are created by the functions with the product's default
   * @param retentionHours provisioned: how long the brokers keep records
   */
  public record Kafka(
      KafkaMode mode,
      String brokerType,
      int brokersPerAz,
      int brokerStorageGiB,
      String version,
      int interactionPartitions,
      int retentionHours) {

    public int brokers() {
      return brokersPerAz * AVAILABILITY_ZONES;
    }

    /** Two copies where there are two brokers, three where there are more. */
    public int replicationFactor() {
      return Math.min(brokers(), 3);
    }
  }

  /**
   * The stream function's MSK event source.
   *
   * @param retryAttempts provisioned mode: retries of a failing record before it goes to the
   *     dead-letter topic (on-demand mode retries until it succeeds)
   */
  public record StreamSource(
      PollerMode pollers, int minimumPollers, int maximumPollers, int retryAttempts) {

    public boolean provisioned() {
      return pollers == PollerMode.PROVISIONED;
    }
  }

  /** Provisioned capacity bounds (auto scaling between them, 70 % target utilization). */
  public record Capacity(int min, int max) {}

  /**
   * @param eventsInfrequentAccess the events table in the Standard-IA table class
   * @param eventRetentionDays events expire by TTL this many days after their timestamp; 0 = kept
   */
  public record Tables(
      CapacityMode capacity,
      Capacity eventsRead,
      Capacity eventsWrite,
      Capacity userStateRead,
      Capacity userStateWrite,
      boolean eventsInfrequentAccess,
      int eventRetentionDays) {}

  /**
   * CloudFront and AWS WAF in front of the HTTP API: per-client limits enforced before Lambda runs.
   *
   * @param readsPerIpPerMinute GET/HEAD/OPTIONS requests one client address may send a minute
   * @param writesPerIpPerMinute POST requests one client address may send a minute
   * @param trustedCidrs addresses exempt from both limits (a shop's own servers)
   * @param originSecretGeneration raise it by one to rotate the secret CloudFront sends to the api
   */
  public record ApiEdge(
      int readsPerIpPerMinute,
      int writesPerIpPerMinute,
      List<String> trustedCidrs,
      Optional<String> domainName,
      Optional<String> certificateArn,
      int originSecretGeneration) {}

  /** The build the functions run: the JVM zip (with SnapStart) or the GraalVM native zip. */
  public enum FunctionBuild {
    JVM,
    NATIVE
  }

  public enum CpuArchitecture {
    X86_64,
    ARM64
  }

  /** Who may call the write routes (POST /events, /items, /users). */
  public enum WriteAuth {
    /** SigV4-signed requests from principals granted execute-api:Invoke (a shop's backend). */
    IAM,
    /** Bearer tokens from an OIDC issuer (Cognito or any JWT provider), checked by API Gateway. */
    JWT
  }

  public record Functions(
      FunctionBuild build,
      String javaRuntime,
      CpuArchitecture architecture,
      Path apiZip,
      Path streamZip,
      int apiMemoryMiB,
      int streamMemoryMiB,
      int apiTimeoutSeconds,
      int streamTimeoutSeconds,
      int streamBatchSize,
      int apiProvisionedConcurrency,
      Map<String, String> apiEnvironment,
      Map<String, String> streamEnvironment) {}

  /** Requests per second (steady) and burst of one group of routes. */
  public record Throttle(int rateLimit, int burstLimit) {}

  public record Api(
      WriteAuth writeAuth,
      Optional<String> jwtIssuer,
      List<String> jwtAudience,
      boolean protectReads,
      Throttle reads,
      Throttle writes,
      List<String> corsOrigins,
      ShopperTokens shopperTokens) {}

  /**
   * Signed shopper tokens on personalized reads (docs/privacy.md).
   *
   * @param enabled a generated Secrets Manager secret signs them and the api checks them (default
   *     on)
   * @param secretVersion a Secrets Manager version id of that secret the api reads; set it after
   *     putting a new value (rotation), so the deployment changes the function and CloudFormation
   *     resolves it
   */
  public record ShopperTokens(boolean enabled, Optional<String> secretVersion) {}

  /**
   * Where the scheduled training runs: one Fargate task, or a Spark job on EMR Serverless
   * (docs/scale.md).
   */
  public enum TrainerEngine {
    /** The single-node trainer's image as one Fargate task (up to 16 vCPU, 120 GB). */
    FARGATE,
    /**
     * The Spark job ({@code trainer/spark}) on an EMR Serverless application that starts on demand.
     */
    EMR_SERVERLESS;

    public String contextName() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /**
   * @param engine where the schedule runs the training
   * @param sparkJar the Spark job's jar (EMR Serverless only; a Fargate deployment never reads it)
   * @param sparkMaxVcpus EMR Serverless: the application's maximum capacity in vCPUs (all workers
   *     of a run)
   * @param sparkMaxMemoryGb EMR Serverless: the application's maximum capacity in GB of memory
   */
  public record Trainer(
      TrainerEngine engine,
      Path directory,
      boolean scheduleEnabled,
      String schedule,
      String scheduleTimezone,
      int cpu,
      int memoryMiB,
      Map<String, String> environment,
      Path sparkJar,
      int sparkMaxVcpus,
      int sparkMaxMemoryGb) {

    public boolean onEmrServerless() {
      return engine == TrainerEngine.EMR_SERVERLESS;
    }
  }

  public record Cdn(
      String priceClass,
      List<String> corsOrigins,
      Optional<String> domainName,
      Optional<String> certificateArn,
      Optional<String> webAclArn,
      List<String> allowedCountries,
      int modelVersionsRetentionDays) {}

  /**
   * @param outboxMaxAgeSeconds oldest event waiting for Kafka (metric OutboxOldestAgeSeconds)
   * @param outboxMaxDepth events waiting for Kafka (metric OutboxDepth)
   * @param modelMaxAgeHours age of the served model (metric ModelAgeSeconds): a day's schedule plus
   *     slack
   */
  public record Alarms(
      int apiP99LatencyMs,
      int streamMaxOffsetLag,
      int outboxMaxAgeSeconds,
      int outboxMaxDepth,
      int modelMaxAgeHours) {}

  /** Reads the configuration; {@code lookup} is {@code node.tryGetContext}. */
  public static DeployConfig fromContext(Function<String, Object> lookup) {
    Profile profile = Profile.of(lookup);
    Context ctx = new Context(profile.over(lookup));
    StreamSource streamSource = streamSource(ctx);
    DeployConfig config =
        new DeployConfig(
            profile,
            ctx.string("stackPrefix", "Aisle"),
            ctx.bool("retainData", true),
            ctx.integer("logRetentionDays", 30, 1, 3653),
            Optional.ofNullable(ctx.optional("alarmEmail")),
            Egress.valueOf(
                ctx.choice("egress", "none", Set.of("none", "endpoints", "nat")).toUpperCase()),
            ctx.integer("endpointAzs", AVAILABILITY_ZONES, 1, AVAILABILITY_ZONES),
            kafka(ctx),
            streamSource,
            functions(ctx),
            tables(ctx),
            api(ctx),
            apiEdge(ctx),
            trainer(ctx),
            cdn(ctx),
            new Alarms(
                ctx.integer("apiP99LatencyMs", 1000, 10, 30_000),
                ctx.integer("streamMaxOffsetLag", 10_000, 1, Integer.MAX_VALUE),
                ctx.integer("outboxMaxAgeSeconds", 600, 60, 86_400),
                ctx.integer("outboxMaxDepth", 10_000, 1, Integer.MAX_VALUE),
                ctx.integer("modelMaxAgeHours", 50, 1, 24 * 90)));
    config.validate();
    return config;
  }

  private static Kafka kafka(Context ctx) {
    return new Kafka(
        KafkaMode.valueOf(
            ctx.choice("kafka", "serverless", Set.of("serverless", "provisioned")).toUpperCase()),
        ctx.string("kafkaBrokerType", "kafka.m7g.large"),
        ctx.integer("kafkaBrokersPerAz", 1, 1, 15),
        ctx.integer("kafkaBrokerStorageGiB", 100, 1, 16_384),
        ctx.string("kafkaVersion", "3.9.x"),
        ctx.integer("interactionPartitions", KafkaTopics.INTERACTION_PARTITIONS, 1, 1_000),
        ctx.integer("kafkaRetentionHours", 168, 1, 24 * 365));
  }

  private static StreamSource streamSource(Context ctx) {
    return new StreamSource(
        PollerMode.valueOf(
            ctx.choice("streamPollers", "provisioned", Set.of("provisioned", "on-demand"))
                .replace('-', '_')
                .toUpperCase()),
        ctx.integer("streamMinPollers", 1, 1, 200),
        ctx.integer("streamMaxPollers", 4, 1, 2_000),
        ctx.integer("streamRetryAttempts", 5, 0, 10_000));
  }

  private static Tables tables(Context ctx) {
    return new Tables(
        CapacityMode.valueOf(
            ctx.choice("tableCapacity", "on-demand", Set.of("on-demand", "provisioned"))
                .replace('-', '_')
                .toUpperCase()),
        ctx.capacity("eventsReadCapacity", new Capacity(5, 2_000)),
        ctx.capacity("eventsWriteCapacity", new Capacity(100, 8_000)),
        ctx.capacity("userStateReadCapacity", new Capacity(50, 8_000)),
        ctx.capacity("userStateWriteCapacity", new Capacity(100, 10_000)),
        ctx.choice("eventsTableClass", "standard", Set.of("standard", "standard-ia"))
            .equals("standard-ia"),
        ctx.integer("eventRetentionDays", DEFAULT_EVENT_RETENTION_DAYS, 0, 36_500));
  }

  private static ApiEdge apiEdge(Context ctx) {
    return new ApiEdge(
        // AWS WAF rate-based rules count at least 10 requests per window
        ctx.integer("apiReadsPerIpPerMinute", 300, 10, 2_000_000_000),
        ctx.integer("apiWritesPerIpPerMinute", 3_000, 10, 2_000_000_000),
        ctx.list("apiTrustedCidrs"),
        Optional.ofNullable(ctx.optional("apiDomainName")),
        Optional.ofNullable(ctx.optional("apiCertificateArn")),
        ctx.integer("originSecretGeneration", 1, 1, 1_000_000));
  }

  private static Functions functions(Context ctx) {
    return new Functions(
        FunctionBuild.valueOf(
            ctx.choice("functionBuild", "jvm", Set.of("jvm", "native")).toUpperCase()),
        // java17 can no longer be created on Lambda (deprecated 2026-06-30); the Java 17 build runs
        // on 21 and 25.
        ctx.choice("javaRuntime", "java21", Set.of("java21", "java25")),
        CpuArchitecture.valueOf(
            ctx.choice("architecture", "x86_64", Set.of("x86_64", "arm64")).toUpperCase()),
        Path.of(ctx.string("apiZip", "../../functions/api/target/function.zip")),
        Path.of(ctx.string("streamZip", "../../functions/stream/target/function.zip")),
        ctx.integer("apiMemoryMiB", 1024, 128, 10_240),
        ctx.integer("streamMemoryMiB", 1024, 128, 10_240),
        // API Gateway HTTP APIs give up after 30 s; the api answers well within.
        ctx.integer("apiTimeoutSeconds", 15, 1, 30),
        ctx.integer("streamTimeoutSeconds", 60, 1, 900),
        ctx.integer("streamBatchSize", 100, 1, 10_000),
        ctx.integer("apiProvisionedConcurrency", 0, 0, 1_000),
        ctx.map("apiEnvironment"),
        ctx.map("streamEnvironment"));
  }

  private static Api api(Context ctx) {
    return new Api(
        WriteAuth.valueOf(ctx.choice("writeAuth", "iam", Set.of("iam", "jwt")).toUpperCase()),
        Optional.ofNullable(ctx.optional("jwtIssuer")),
        ctx.list("jwtAudience"),
        ctx.bool("protectReads", false),
        new Throttle(
            ctx.integer("readRateLimit", 500, 1, 100_000),
            ctx.integer("readBurstLimit", 1000, 1, 100_000)),
        new Throttle(
            ctx.integer("writeRateLimit", 200, 1, 100_000),
            ctx.integer("writeBurstLimit", 400, 1, 100_000)),
        ctx.list("corsOrigins"),
        new ShopperTokens(
            ctx.bool("shopperTokens", true),
            Optional.ofNullable(ctx.optional("shopperTokenSecretVersion"))));
  }

  private static Trainer trainer(Context ctx) {
    return new Trainer(
        TrainerEngine.valueOf(
            ctx.choice("trainer", "fargate", Set.of("fargate", "emr-serverless"))
                .replace('-', '_')
                .toUpperCase()),
        Path.of(ctx.string("trainerDir", "../../trainer")),
        ctx.bool("trainScheduleEnabled", true),
        ctx.string("trainSchedule", "cron(0 3 * * ? *)"),
        ctx.string("trainScheduleTimezone", "UTC"),
        ctx.integer("trainerCpu", 2048, 256, 16_384),
        ctx.integer("trainerMemoryMiB", 8192, 512, 122_880),
        ctx.map("trainerEnvironment"),
        Path.of(ctx.string("sparkJar", "../../trainer/spark/target/aisle-trainer-spark.jar")),
        // a driver and one executor of EMR Serverless' default worker (4 vCPU, 16 GB) at least
        ctx.integer("sparkMaxVcpus", 32, 8, 10_000),
        ctx.integer("sparkMaxMemoryGb", 128, 32, 100_000));
  }

  private static Cdn cdn(Context ctx) {
    List<String> origins = ctx.list("cdnCorsOrigins");
    return new Cdn(
        ctx.choice("cdnPriceClass", "100", Set.of("100", "200", "all")),
        origins.isEmpty() ? List.of("*") : origins,
        Optional.ofNullable(ctx.optional("cdnDomainName")),
        Optional.ofNullable(ctx.optional("cdnCertificateArn")),
        Optional.ofNullable(ctx.optional("cdnWebAclArn")),
        ctx.list("cdnAllowedCountries"),
        ctx.integer("modelVersionsRetentionDays", 30, 1, 3650));
  }

  private void validate() {
    if (!LogRetention.isValid(logRetentionDays)) {
      throw new IllegalArgumentException(
          "context aisle:logRetentionDays="
              + logRetentionDays
              + " is not valid: expected one of "
              + LogRetention.allowed());
    }
    if (!stackPrefix.matches("[A-Za-z][A-Za-z0-9-]{0,40}")) {
      throw new IllegalArgumentException(
          "context aisle:stackPrefix="
              + stackPrefix
              + " is not valid: expected a letter, then up to 40 letters, digits or hyphens");
    }
    if (api.writeAuth() == WriteAuth.JWT
        && (api.jwtIssuer().isEmpty() || api.jwtAudience().isEmpty())) {
      throw new IllegalArgumentException(
          "context aisle:writeAuth=jwt needs aisle:jwtIssuer (the issuer URL) and aisle:jwtAudience");
    }
    if (cdn.domainName().isPresent() != cdn.certificateArn().isPresent()) {
      throw new IllegalArgumentException(
          "context aisle:cdnDomainName and aisle:cdnCertificateArn (ACM, us-east-1) go together");
    }
    if (apiEdge.domainName().isPresent() != apiEdge.certificateArn().isPresent()) {
      throw new IllegalArgumentException(
          "context aisle:apiDomainName and aisle:apiCertificateArn (ACM, us-east-1) go together");
    }
    if (!streamSource.provisioned() && egress == Egress.NONE) {
      throw new IllegalArgumentException(
          "context aisle:streamPollers=on-demand needs aisle:egress=endpoints or nat:"
              + " on-demand pollers call the Lambda and STS APIs from the cluster's subnets");
    }
    if (streamSource.minimumPollers() > streamSource.maximumPollers()) {
      throw new IllegalArgumentException(
          "context aisle:streamMinPollers="
              + streamSource.minimumPollers()
              + " is not valid: expected at most aisle:streamMaxPollers="
              + streamSource.maximumPollers());
    }
    if (kafka.mode() == KafkaMode.PROVISIONED
        && !kafka.brokerType().matches("kafka\\.[a-z0-9]+\\.[a-z0-9]+")) {
      throw new IllegalArgumentException(
          "context aisle:kafkaBrokerType="
              + kafka.brokerType()
              + " is not valid: expected an MSK Standard broker type such as kafka.t3.small or kafka.m7g.large");
    }
    if (trainer.onEmrServerless() && egress != Egress.NAT) {
      throw new IllegalArgumentException(
          "context aisle:trainer=emr-serverless needs aisle:egress=nat: EMR Serverless"
              + " gives its workers no public address, and the trainer calls CloudFront, which has no VPC endpoint");
    }
    if (trainer.sparkMaxMemoryGb() < 2 * trainer.sparkMaxVcpus()) {
      throw new IllegalArgumentException(
          "context aisle:sparkMaxMemoryGb="
              + trainer.sparkMaxMemoryGb()
              + " is not valid: expected at least 2 GB per vCPU of aisle:sparkMaxVcpus="
              + trainer.sparkMaxVcpus()
              + " (EMR Serverless workers have 2 to 8 GB per vCPU)");
    }
    if (!trainer.schedule().matches("(cron|rate|at)\\(.+\\)")) {
      throw new IllegalArgumentException(
          "context aisle:trainSchedule="
              + trainer.schedule()
              + " is not valid: expected an EventBridge Scheduler expression such as cron(0 3 * * ? *)");
    }
  }
}
