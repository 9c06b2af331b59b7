package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.LogRetention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.emrserverless.CfnApplication;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.Universal;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The trainer as a Spark job on EMR Serverless ({@code -c aisle:trainer=emr-serverless}): an
 * application that starts when a run is submitted and stops when idle, the job's own role, and an
 * EventBridge Scheduler schedule that calls {@code StartJobRun} with the Spark job's jar (a CDK
 * asset), main class {@value #MAIN_CLASS} and argument {@code pipeline}.
 *
 * <p>The job reads the same environment as the Fargate trainer: the application's {@code
 * spark-defaults} set each variable for the driver ({@code spark.emr-serverless.driverEnv.*}) and
 * the executors ({@code spark.executorEnv.*}). The erasure salt is no value in the template: EMR
 * Serverless resolves {@code EMR.secret@<secret ARN>} from Secrets Manager when a run starts.
 *
 * <p>{@link #failures()} matches a job run ending FAILED or CANCELLED (a run over its time limit is
 * cancelled); the TrainerFailed alarm counts it as it counts a Fargate task's non-zero exit. A
 * gated model is no failure: the Spark job reports it with the ModelGated metric and ends
 * successfully.
 */
public final class EmrServerlessTrainer extends Construct {

  /**
   * EMR Serverless 7.11.0: Spark 3.5.6 on Java 17 (every emr-7.x release runs Spark on Java 17 by
   * default).
   */
  public static final String RELEASE_LABEL = "emr-7.11.0";

  public static final String MAIN_CLASS = "dev.aisle.spark.cli.SparkTrainer";

  /** Stopped after this many idle minutes: a daily run pays for no idle application. */
  public static final int IDLE_STOP_MINUTES = 15;

  /**
   * A run still going after six hours is cancelled (and alarms), long before the next daily run.
   */
  public static final int RUN_TIMEOUT_MINUTES = 360;

  /**
   * The annotation that makes EMR Serverless read a configuration value from Secrets Manager at run
   * time.
   */
  static final String SECRET_ANNOTATION = "EMR.secret@";

  private final CfnApplication application;
  private final Role jobRole;
  private final Role schedulerRole;
  private final Asset jar;
  private final LogGroup logs;
  private final Schedule schedule;
  private final Rule failures;

  /**
   * @param environment the trainer's variables (resource names, the distribution id), as for the
   *     Fargate task
   * @param secrets variables whose values EMR Serverless reads from these secrets when a run starts
   */
  public EmrServerlessTrainer(
      Construct scope,
      String id,
      DeployConfig config,
      IVpc vpc,
      SubnetSelection subnets,
      ISecurityGroup securityGroup,
      Map<String, String> environment,
      Map<String, ISecret> secrets) {
    super(scope, id);
    DeployConfig.Trainer settings = config.trainer();
    boolean arm = config.functions().architecture() == DeployConfig.CpuArchitecture.ARM64;

    jar =
        Asset.Builder.create(this, "Jar")
            .path(
                AisleFunction.requireArtifact(
                        settings.sparkJar(), "./mvnw -B -pl trainer/spark -am package -DskipTests")
                    .toString())
            .build();
    logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(LogRetention.of(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();

    Map<String, String> sparkDefaults = new LinkedHashMap<>();
    environment.forEach((name, value) -> environmentVariable(sparkDefaults, name, value));
    secrets.forEach(
        (name, secret) ->
            environmentVariable(sparkDefaults, name, SECRET_ANNOTATION + secret.getSecretArn()));

    application =
        CfnApplication.Builder.create(this, "Application")
            .name(config.stackPrefix() + "-trainer")
            .type("SPARK")
            .releaseLabel(RELEASE_LABEL)
            .architecture(arm ? "ARM64" : "X86_64")
            .autoStartConfiguration(
                CfnApplication.AutoStartConfigurationProperty.builder().enabled(true).build())
            .autoStopConfiguration(
                CfnApplication.AutoStopConfigurationProperty.builder()
                    .enabled(true)
                    .idleTimeoutMinutes(IDLE_STOP_MINUTES)
                    .build())
            .maximumCapacity(
                CfnApplication.MaximumAllowedResourcesProperty.builder()
                    .cpu(settings.sparkMaxVcpus() + " vCPU")
                    .memory(settings.sparkMaxMemoryGb() + " GB")
                    .build())
            .networkConfiguration(
                CfnApplication.NetworkConfigurationProperty.builder()
                    .subnetIds(vpc.selectSubnets(subnets).getSubnetIds())
                    .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                    .build())
            .runtimeConfiguration(
                List.of(
                    CfnApplication.ConfigurationObjectProperty.builder()
                        .classification("spark-defaults")
                        .properties(sparkDefaults)
                        .build()))
            .monitoringConfiguration(
                CfnApplication.MonitoringConfigurationProperty.builder()
                    // The driver's output carries the trainer's embedded-metric lines
                    // (TrainerFailed, ModelGated).
                    .cloudWatchLoggingConfiguration(
                        CfnApplication.CloudWatchLoggingConfigurationProperty.builder()
                            .enabled(true)
                            .logGroupName(logs.getLogGroupName())
                            .logStreamNamePrefix("trainer")
                            .logTypeMap(
                                List.of(
                                    CfnApplication.LogTypeMapKeyValuePairProperty.builder()
                                        .key("SPARK_DRIVER")
                                        .value(List.of("STDOUT", "STDERR"))
                                        .build()))
                            .build())
                    .build())
            .build();

    jobRole =
        Role.Builder.create(this, "JobRole")
            .assumedBy(
                new ServicePrincipal("emr-serverless.amazonaws.com")
                    .withConditions(
                        Map.of(
                            "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                            "ArnLike", Map.of("aws:SourceArn", application.getAttrArn()))))
            .description(
                "Aisle trainer on EMR Serverless: reads events and catalog, publishes models and CDN files")
            .build();
    allow(jobRole, List.of(jar.getBucket().arnForObjects(jar.getS3ObjectKey())), "s3:GetObject");
    // EMR Serverless checks the group exists, then writes the driver's streams into it.
    allow(
        jobRole,
        List.of(
            "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*"),
        "logs:DescribeLogGroups");
    allow(
        jobRole,
        List.of(logs.getLogGroupArn()),
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents");
    secrets
        .values()
        .forEach(
            secret ->
                allow(jobRole, List.of(secret.getSecretArn()), "secretsmanager:GetSecretValue"));

    schedulerRole =
        Role.Builder.create(this, "SchedulerRole")
            .assumedBy(
                new ServicePrincipal("scheduler.amazonaws.com")
                    .withConditions(
                        Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
            .description(
                "Aisle training schedule: starts job runs of the trainer application, as its job role")
            .build();
    PolicyStatement startJobRun =
        PolicyStatement.Builder.create()
            .actions(List.of("emr-serverless:StartJobRun"))
            .resources(List.of(application.getAttrArn()))
            .build();
    PolicyStatement passJobRole =
        PolicyStatement.Builder.create()
            .actions(List.of("iam:PassRole"))
            .resources(List.of(jobRole.getRoleArn()))
            .conditions(
                Map.of(
                    "StringEquals", Map.of("iam:PassedToService", "emr-serverless.amazonaws.com")))
            .build();

    schedule =
        Schedule.Builder.create(this, "Schedule")
            .description(
                "Aisle: retrain on EMR Serverless, publish the model, precompute the CDN files")
            .schedule(
                ScheduleExpression.expression(
                    settings.schedule(), TimeZone.of(settings.scheduleTimezone())))
            .enabled(settings.scheduleEnabled())
            .target(
                Universal.Builder.create()
                    .service("emrserverless")
                    .action("startJobRun")
                    .role(schedulerRole)
                    .policyStatements(List.of(startJobRun, passJobRole))
                    .input(ScheduleTargetInput.fromObject(startJobRunRequest()))
                    .retryAttempts(2)
                    .build())
            .build();

    failures =
        Rule.Builder.create(this, "Failures")
            .description(
                "Aisle trainer job run on EMR Serverless failed, or was cancelled (over its time limit)")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.emr-serverless"))
                    .detailType(List.of("EMR Serverless Job Run State Change"))
                    .detail(
                        Map.of(
                            "applicationId", List.of(application.getAttrApplicationId()),
                            "state", List.of("FAILED", "CANCELLED")))
                    .build())
            .build();
  }

  /**
   * The StartJobRun request the schedule sends. The client token is the schedule's execution id, so
   * the scheduler's retries of one invocation start one run.
   */
  private Map<String, Object> startJobRunRequest() {
    Map<String, Object> sparkSubmit = new LinkedHashMap<>();
    sparkSubmit.put("EntryPoint", jarUri());
    sparkSubmit.put("EntryPointArguments", List.of("pipeline"));
    sparkSubmit.put("SparkSubmitParameters", "--class " + MAIN_CLASS);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("ApplicationId", application.getAttrApplicationId());
    request.put("ExecutionRoleArn", jobRole.getRoleArn());
    request.put("ClientToken", ContextAttribute.getExecutionId());
    request.put("Name", "aisle-training");
    request.put("ExecutionTimeoutMinutes", RUN_TIMEOUT_MINUTES);
    request.put("JobDriver", Map.of("SparkSubmit", sparkSubmit));
    return request;
  }

  /**
   * The variable for the driver and for every executor (the rules run inside Spark's tasks too).
   */
  private static void environmentVariable(
      Map<String, String> sparkDefaults, String name, String value) {
    sparkDefaults.put("spark.emr-serverless.driverEnv." + name, value);
    sparkDefaults.put("spark.executorEnv." + name, value);
  }

  private static void allow(Role role, List<String> resources, String... actions) {
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create().actions(List.of(actions)).resources(resources).build());
  }

  public CfnApplication application() {
    return application;
  }

  public Role jobRole() {
    return jobRole;
  }

  public Role schedulerRole() {
    return schedulerRole;
  }

  public Schedule schedule() {
    return schedule;
  }

  public Rule failures() {
    return failures;
  }

  public LogGroup logs() {
    return logs;
  }

  /**
   * Where the Spark job's jar is (the asset's S3 URI): the entry point of a run started by hand.
   */
  public String jarUri() {
    return jar.getS3ObjectUrl();
  }
}
