package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.LogRetention;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.targets.EcsRunFargateTask;
import software.amazon.awscdk.services.scheduler.targets.FargateTaskProps;
import software.constructs.Construct;

/**
 * The trainer: a Fargate task from the image built of {@code trainer/} (its Dockerfile and the
 * shaded jar), started by an EventBridge Scheduler schedule with command {@code pipeline} (train
 * from the events table, publish the model, precompute the CDN files, invalidate CloudFront).
 *
 * <p>{@link #failures()} matches the task stopping with a non-zero exit code other than {@value
 * #TRAINER_EXIT_GATED} or failing to start; the alarms count it. A gated model (exit {@value
 * #TRAINER_EXIT_GATED}) is not a failure: the {@code ModelGated} alarm reports it.
 */
public final class Trainer extends Construct {

  /**
   * {@code aisle-trainer}'s exit code when the publish gate kept the model out (its {@code
   * AisleTrainer.GATED}).
   */
  public static final int TRAINER_EXIT_GATED = 4;

  /** Everything else in trainer/ (sources, classes, reports) must not change the image hash. */
  public static final List<String> IMAGE_CONTEXT_EXCLUDES =
      List.of("**", "!Dockerfile", "!target/aisle-trainer.jar");

  private final Cluster cluster;
  private final FargateTaskDefinition task;
  private final Role taskRole;
  private final Schedule schedule;
  private final Rule failures;

  public Trainer(
      Construct scope,
      String id,
      DeployConfig config,
      IVpc vpc,
      SubnetSelection subnets,
      boolean assignPublicIp,
      ISecurityGroup securityGroup,
      Map<String, String> environment) {
    super(scope, id);
    DeployConfig.Trainer settings = config.trainer();
    boolean arm = config.functions().architecture() == DeployConfig.CpuArchitecture.ARM64;

    cluster =
        Cluster.Builder.create(this, "Cluster")
            .vpc(vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();
    taskRole =
        Role.Builder.create(this, "TaskRole")
            .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
            .description(
                "Aisle trainer task: reads events and catalog, publishes models and CDN files")
            .build();
    task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .cpu(settings.cpu())
            .memoryLimitMiB(settings.memoryMiB())
            .runtimePlatform(
                RuntimePlatform.builder()
                    .cpuArchitecture(arm ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64)
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .build())
            .taskRole(taskRole)
            .build();

    Path directory = settings.directory();
    AisleFunction.requireArtifact(
        directory.resolve("Dockerfile"), "the trainer module's Dockerfile");
    AisleFunction.requireArtifact(
        directory.resolve("target/aisle-trainer.jar"),
        "./mvnw -B -pl trainer -am package -DskipTests");
    LogGroup logs =
        LogGroup.Builder.create(this, "Logs")
            .retention(LogRetention.of(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    task.addContainer(
        "trainer",
        ContainerDefinitionOptions.builder()
            .image(
                ContainerImage.fromAsset(
                    directory.toString(),
                    AssetImageProps.builder()
                        .exclude(IMAGE_CONTEXT_EXCLUDES)
                        .platform(arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64)
                        .build()))
            .command(List.of("pipeline"))
            .environment(environment)
            .logging(
                LogDrivers.awsLogs(
                    AwsLogDriverProps.builder().logGroup(logs).streamPrefix("trainer").build()))
            .essential(true)
            .stopTimeout(Duration.seconds(60))
            .build());

    schedule =
        Schedule.Builder.create(this, "Schedule")
            .description("Aisle: retrain, publish the model, precompute the CDN files")
            .schedule(
                ScheduleExpression.expression(
                    settings.schedule(), TimeZone.of(settings.scheduleTimezone())))
            .enabled(settings.scheduleEnabled())
            .target(
                new EcsRunFargateTask(
                    cluster,
                    FargateTaskProps.builder()
                        .taskDefinition(task)
                        .vpcSubnets(subnets)
                        .securityGroups(List.of(securityGroup))
                        .assignPublicIp(assignPublicIp)
                        .retryAttempts(2)
                        .build()))
            .build();

    failures =
        Rule.Builder.create(this, "Failures")
            .description(
                "Aisle trainer task failed: stopped with an exit code other than 0 or 4 (gated), or failed to start")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.ecs"))
                    .detailType(List.of("ECS Task State Change"))
                    .detail(
                        Map.of(
                            "clusterArn", List.of(cluster.getClusterArn()),
                            "lastStatus", List.of("STOPPED"),
                            "$or",
                                List.of(
                                    Map.of(
                                        "containers",
                                        Map.of(
                                            "exitCode",
                                            List.of(
                                                Map.of(
                                                    "anything-but",
                                                    List.of(0, TRAINER_EXIT_GATED))))),
                                    Map.of("stopCode", List.of("TaskFailedToStart")))))
                    .build())
            .build();
  }

  public Cluster cluster() {
    return cluster;
  }

  public FargateTaskDefinition task() {
    return task;
  }

  public Role taskRole() {
    return taskRole;
  }

  public Schedule schedule() {
    return schedule;
  }

  public Rule failures() {
    return failures;
  }
}
