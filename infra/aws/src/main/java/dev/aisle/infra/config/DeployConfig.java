package dev.aisle.infra.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a deployment can change, read from CDK context ({@code cdk.json} or
 * {@code -c aisle:key=value}). docs/deploy.md lists every key; the defaults are a production-shaped
 * deployment that costs little while idle.
 *
 * @param stackPrefix prefix of the stack names ({@code <prefix>-Data}, {@code <prefix>-Service}):
 *     two prefixes are two independent deployments in one account
 * @param retainData keep tables and buckets (and protect tables from deletion) when a stack is
 *     deleted; false is for throw-away environments
 * @param logRetentionDays retention of every log group the app creates
 * @param alarmEmail address subscribed to the alarm topic (confirmed by mail), if any
 * @param egress how private subnets reach AWS APIs that have no gateway endpoint
 */
public record DeployConfig(
    String stackPrefix,
    boolean retainData,
    int logRetentionDays,
    Optional<String> alarmEmail,
    Egress egress,
    Functions functions,
    Api api,
    Trainer trainer,
    Cdn cdn,
    Alarms alarms) {

  /** How the functions' private subnets reach Lambda and STS (needed by the MSK event source). */
  public enum Egress {
    /** Interface endpoints for Lambda and STS: no NAT gateway, about $29/month idle in 2 AZs. */
    ENDPOINTS,
    /** One NAT gateway: general egress for the functions, about $33/month idle plus data. */
    NAT
  }

  /** The build the functions run: the JVM zip (with SnapStart) or the GraalVM native zip. */
  public enum FunctionBuild { JVM, NATIVE }

  public enum CpuArchitecture { X86_64, ARM64 }

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
      List<String> corsOrigins) {}

  public record Trainer(
      Path directory,
      boolean scheduleEnabled,
      String schedule,
      String scheduleTimezone,
      int cpu,
      int memoryMiB,
      Map<String, String> environment) {}

  public record Cdn(
      String priceClass,
      List<String> corsOrigins,
      Optional<String> domainName,
      Optional<String> certificateArn,
      Optional<String> webAclArn,
      List<String> allowedCountries,
      int modelVersionsRetentionDays) {}

  public record Alarms(int apiP99LatencyMs, int streamMaxOffsetLag) {}

  /** Reads the configuration; {@code lookup} is {@code node.tryGetContext}. */
  public static DeployConfig fromContext(Function<String, Object> lookup) {
    Context ctx = new Context(lookup);
    DeployConfig config = new DeployConfig(
        ctx.string("stackPrefix", "Aisle"),
        ctx.bool("retainData", true),
        ctx.integer("logRetentionDays", 30, 1, 3653),
        Optional.ofNullable(ctx.optional("alarmEmail")),
        Egress.valueOf(ctx.choice("egress", "endpoints", Set.of("endpoints", "nat")).toUpperCase()),
        functions(ctx),
        api(ctx),
        trainer(ctx),
        cdn(ctx),
        new Alarms(
            ctx.integer("apiP99LatencyMs", 1000, 10, 30_000),
            ctx.integer("streamMaxOffsetLag", 10_000, 1, Integer.MAX_VALUE)));
    config.validate();
    return config;
  }

  private static Functions functions(Context ctx) {
    return new Functions(
        FunctionBuild.valueOf(ctx.choice("functionBuild", "jvm", Set.of("jvm", "native")).toUpperCase()),
        // java17 can no longer be created on Lambda (deprecated 2026-06-30); the Java 17 build runs on 21 and 25.
        ctx.choice("javaRuntime", "java21", Set.of("java21", "java25")),
        CpuArchitecture.valueOf(ctx.choice("architecture", "x86_64", Set.of("x86_64", "arm64")).toUpperCase()),
        Path.of(ctx.string("apiZip", "../../functions/api/target/function.zip")),
        Path.of(ctx.string("streamZip", "../../functions/stream/target/function.zip")),
        ctx.integer("apiMemoryMiB", 1024, 128, 10_240),
        ctx.integer("streamMemoryMiB", 1024, 128, 10_240),
        // API Gateway HTTP APIs give up after 30 s; the api answers well within.
        ctx.integer("apiTimeoutSeconds", 15, 1, 30),
        ctx.integer("streamTimeoutSeconds", 60, 1, 900),
        ctx.integer("streamBatchSize", 100, 1, 10_000),
        ctx.map("apiEnvironment"),
        ctx.map("streamEnvironment"));
  }

  private static Api api(Context ctx) {
    return new Api(
        WriteAuth.valueOf(ctx.choice("writeAuth", "iam", Set.of("iam", "jwt")).toUpperCase()),
        Optional.ofNullable(ctx.optional("jwtIssuer")),
        ctx.list("jwtAudience"),
        ctx.bool("protectReads", false),
        new Throttle(ctx.integer("readRateLimit", 500, 1, 100_000), ctx.integer("readBurstLimit", 1000, 1, 100_000)),
        new Throttle(ctx.integer("writeRateLimit", 200, 1, 100_000), ctx.integer("writeBurstLimit", 400, 1, 100_000)),
        ctx.list("corsOrigins"));
  }

  private static Trainer trainer(Context ctx) {
    return new Trainer(
        Path.of(ctx.string("trainerDir", "../../trainer")),
        ctx.bool("trainScheduleEnabled", true),
        ctx.string("trainSchedule", "cron(0 3 * * ? *)"),
        ctx.string("trainScheduleTimezone", "UTC"),
        ctx.integer("trainerCpu", 2048, 256, 16_384),
        ctx.integer("trainerMemoryMiB", 8192, 512, 122_880),
        ctx.map("trainerEnvironment"));
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
      throw new IllegalArgumentException("context aisle:logRetentionDays=" + logRetentionDays
          + " is not valid: expected one of " + LogRetention.allowed());
    }
    if (!stackPrefix.matches("[A-Za-z][A-Za-z0-9-]{0,40}")) {
      throw new IllegalArgumentException("context aisle:stackPrefix=" + stackPrefix
          + " is not valid: expected a letter, then up to 40 letters, digits or hyphens");
    }
    if (api.writeAuth() == WriteAuth.JWT && (api.jwtIssuer().isEmpty() || api.jwtAudience().isEmpty())) {
      throw new IllegalArgumentException(
          "context aisle:writeAuth=jwt needs aisle:jwtIssuer (the issuer URL) and aisle:jwtAudience");
    }
    if (cdn.domainName().isPresent() != cdn.certificateArn().isPresent()) {
      throw new IllegalArgumentException(
          "context aisle:cdnDomainName and aisle:cdnCertificateArn (ACM, us-east-1) go together");
    }
    if (!trainer.schedule().matches("(cron|rate|at)\\(.+\\)")) {
      throw new IllegalArgumentException("context aisle:trainSchedule=" + trainer.schedule()
          + " is not valid: expected an EventBridge Scheduler expression such as cron(0 3 * * ? *)");
    }
  }
}
