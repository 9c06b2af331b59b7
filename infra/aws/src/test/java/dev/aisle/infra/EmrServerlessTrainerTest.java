package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.infra.service.EmrServerlessTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c aisle:trainer=emr-serverless}: the Spark trainer on EMR Serverless instead of the
 * Fargate task, with least-privilege roles, the same schedule, and its failures on the
 * TrainerFailed alarm. The Fargate side (the default) is checked to create nothing of EMR's.
 */
class EmrServerlessTrainerTest {

  /**
   * The large profile (the shop that outgrows one task) with the NAT gateway EMR Serverless needs.
   */
  static Synthesis.Result result() {
    return Synthesis.of(
        Map.of(
            "aisle:profile", "large",
            "aisle:trainer", "emr-serverless",
            "aisle:egress", "nat"));
  }

  private final Synthesis.Result result = result();
  private final Template service = result.service();

  @Test
  void applicationRunsSparkOnAnEmr7ReleaseStartsOnDemandAndStopsWhenIdle() {
    service.resourceCountIs("AWS::EMRServerless::Application", 1);
    service.hasResourceProperties(
        "AWS::EMRServerless::Application",
        Map.of(
            "Type",
            "SPARK",
            "ReleaseLabel",
            "emr-7.11.0",
            "Architecture",
            "X86_64",
            "AutoStartConfiguration",
            Map.of("Enabled", true),
            "AutoStopConfiguration",
            Map.of("Enabled", true, "IdleTimeoutMinutes", 15),
            // profile large: 128 vCPU, 512 GB (a driver and 31 executors of the default 4 vCPU / 16
            // GB worker)
            "MaximumCapacity",
            Map.of("Cpu", "128 vCPU", "Memory", "512 GB")));
    assertThat(EmrServerlessTrainer.RELEASE_LABEL).startsWith("emr-7.");
  }

  @Test
  void applicationRunsInTheTrainersPrivateSubnetsAndSecurityGroup() {
    JsonNode network = application().path("NetworkConfiguration");
    assertThat(network.path("SubnetIds")).hasSize(2);
    // with aisle:egress=nat the trainer's subnets are the private ones behind the NAT gateway
    network
        .path("SubnetIds")
        .forEach(subnet -> assertThat(subnet.toString()).contains("privateSubnet"));
    assertThat(network.path("SecurityGroupIds")).hasSize(1);
    assertThat(network.path("SecurityGroupIds").get(0).toString()).contains("TrainerSecurityGroup");
  }

  @Test
  void jobGetsTheTrainersEnvironmentAndTheSaltOnlyAsASecretReference() {
    JsonNode configuration = application().path("RuntimeConfiguration");
    assertThat(configuration).hasSize(1);
    assertThat(configuration.get(0).path("Classification").asText()).isEqualTo("spark-defaults");
    JsonNode properties = configuration.get(0).path("Properties");
    for (String variable :
        List.of(
            "AISLE_EVENTS_TABLE",
            "AISLE_ITEMS_TABLE",
            "AISLE_USERS_TABLE",
            "AISLE_ERASURES_TABLE",
            "AISLE_MODELS_BUCKET",
            "AISLE_CDN_BUCKET",
            "AISLE_CDN_DISTRIBUTION_ID",
            "AISLE_REGION",
            "AISLE_ERASURE_SALT",
            "AISLE_EVENT_RETENTION")) {
      assertThat(properties.has("spark.emr-serverless.driverEnv." + variable))
          .as("driver " + variable)
          .isTrue();
      assertThat(properties.has("spark.executorEnv." + variable))
          .as("executors " + variable)
          .isTrue();
    }
    // EMR Serverless reads the salt from Secrets Manager when a run starts: the template holds its
    // ARN only
    String salt = properties.path("spark.emr-serverless.driverEnv.AISLE_ERASURE_SALT").toString();
    assertThat(salt)
        .contains("EMR.secret@")
        .contains("{\"Ref\":\"ErasureSalt")
        .doesNotContain("resolve:secretsmanager");
    assertThat(properties.path("spark.executorEnv.AISLE_ERASURE_SALT").toString()).isEqualTo(salt);
    // the profile's event retention reaches the job as it reaches the Fargate task
    assertThat(properties.path("spark.executorEnv.AISLE_EVENT_RETENTION").asText())
        .isEqualTo("180d");
  }

  @Test
  void driverOutputGoesToItsOwnLogGroupForTheTrainersMetrics() {
    JsonNode logging =
        application().path("MonitoringConfiguration").path("CloudWatchLoggingConfiguration");
    assertThat(logging.path("Enabled").asBoolean()).isTrue();
    assertThat(logging.path("LogGroupName").path("Ref").asText()).startsWith("SparkTrainerLogs");
    assertThat(logging.path("LogTypeMap").toString()).contains("SPARK_DRIVER").contains("STDOUT");
    service.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  @Test
  void scheduleStartsAJobRunWithTheJarTheMainClassAndPipeline() {
    JsonNode schedule =
        only(
            "AWS::Scheduler::Schedule",
            s -> !s.path("ScheduleExpression").asText().equals("rate(1 minute)"));
    assertThat(schedule.path("ScheduleExpression").asText()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(schedule.path("ScheduleExpressionTimezone").asText()).isEqualTo("UTC");
    assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
    JsonNode target = schedule.path("Target");
    assertThat(target.path("Arn").toString())
        .contains(":scheduler:::aws-sdk:emrserverless:startJobRun");
    assertThat(target.path("RoleArn").toString()).contains("SparkTrainerSchedulerRole");
    String input = target.path("Input").toString();
    assertThat(input)
        .contains("\\\"ApplicationId\\\":\\\"", "SparkTrainerApplication", "\"ApplicationId\"")
        .contains("\\\"ExecutionRoleArn\\\":\\\"", "SparkTrainerJobRole")
        .contains("\\\"ClientToken\\\":\\\"<aws.scheduler.execution-id>\\\"")
        .contains("\\\"ExecutionTimeoutMinutes\\\":360")
        .contains("\\\"EntryPointArguments\\\":[\\\"pipeline\\\"]")
        .contains("\\\"SparkSubmitParameters\\\":\\\"--class dev.aisle.spark.cli.SparkTrainer\\\"")
        .contains("s3://cdk-hnb659fds-assets-", ".jar");
    service.hasOutput("TrainerJarUri", Match.anyValue());
    service.hasOutput("TrainerApplicationId", Match.anyValue());
  }

  @Test
  void noFargateTrainerIsCreated() {
    service.resourceCountIs("AWS::ECS::TaskDefinition", 0);
    service.resourceCountIs("AWS::ECS::Cluster", 0);
    assertThat(result.json(service).path("Resources").toString())
        .doesNotContain("\"EcsParameters\"");
    assertThat(result.json(service).path("Outputs").has("TrainerTaskDefinitionArn")).isFalse();
  }

  @Test
  void fargateDeploymentCreatesNothingOfEmrServerless() {
    Template fargate = Synthesis.defaults().service();
    fargate.resourceCountIs("AWS::EMRServerless::Application", 0);
    String resources = Synthesis.defaults().json(fargate).path("Resources").toString();
    assertThat(resources)
        .doesNotContain("emr-serverless")
        .doesNotContain("emrserverless")
        .doesNotContain("SparkTrainer");
    fargate.resourceCountIs("AWS::ECS::TaskDefinition", 1);
  }

  @Test
  void fargateDeploymentNeedsNoSparkJar() {
    Map<String, Object> context = new LinkedHashMap<>(Synthesis.cdkJsonContext());
    context.put("aisle:apiZip", Synthesis.fixtures().resolve("api/function.zip").toString());
    context.put("aisle:streamZip", Synthesis.fixtures().resolve("stream/function.zip").toString());
    context.put("aisle:trainerDir", Synthesis.fixtures().resolve("trainer").toString());
    context.put("aisle:sparkJar", "does/not/exist/aisle-trainer-spark.jar");
    context.put("aisle:profile", "small");
    assertThat(Synthesis.synthesize(context).service()).isNotNull();
    context.put("aisle:trainer", "emr-serverless");
    context.put("aisle:egress", "nat");
    context.put("aisle:streamPollers", "provisioned");
    assertThatThrownBy(() -> Synthesis.synthesize(context))
        .hasMessageContaining("aisle-trainer-spark.jar does not exist")
        .hasMessageContaining("./mvnw -B -pl trainer/spark -am package -DskipTests");
  }

  /**
   * The job role: the Fargate task role's table and object grants, the jar, its logs, the salt;
   * nothing else.
   */
  @Test
  void jobRoleHasExactlyTheTrainersGrantsTheJarItsLogsAndTheSalt() {
    List<IamPolicyTest.Statement> statements =
        IamPolicyTest.statements(result.json(service), false);
    Set<String> job = actions(statements, "SparkTrainerJobRoleDefaultPolicy");
    Set<String> fargate =
        actions(
            IamPolicyTest.statements(
                Synthesis.profile("large").json(Synthesis.profile("large").service()), false),
            "TrainerTaskRoleDefaultPolicy");
    Set<String> expected = new TreeSet<>(fargate);
    expected.addAll(
        List.of(
            "logs:CreateLogStream",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
            "secretsmanager:GetSecretValue"));
    assertThat(job).containsExactlyElementsOf(expected);
    assertThat(job)
        .contains("dynamodb:Scan", "s3:PutObject", "cloudfront:CreateInvalidation")
        .doesNotContain("dynamodb:PutItem", "dynamodb:BatchWriteItem", "kafka-cluster:Connect");
    // the salt: that one secret
    assertThat(statements)
        .filteredOn(
            s ->
                s.policy().startsWith("SparkTrainerJobRoleDefaultPolicy")
                    && s.actions().contains("secretsmanager:GetSecretValue"))
        .singleElement()
        .satisfies(
            s -> assertThat(s.resources()).singleElement().asString().contains("ErasureSalt"));
    // the jar: its exact object in the assets bucket, no prefix
    assertThat(statements)
        .filteredOn(s -> s.policy().startsWith("SparkTrainerJobRoleDefaultPolicy"))
        .flatExtracting(IamPolicyTest.Statement::resources)
        .filteredOn(r -> r.contains("cdk-hnb659fds-assets"))
        .singleElement()
        .asString()
        .endsWith(".jar\"]]}");
    // only EMR Serverless, for this application, may assume it
    JsonNode trust =
        only(
                "AWS::IAM::Role",
                r -> r.path("Description").asText().startsWith("Aisle trainer on EMR"))
            .path("AssumeRolePolicyDocument")
            .path("Statement");
    assertThat(trust).hasSize(1);
    assertThat(trust.get(0).path("Principal").path("Service").asText())
        .isEqualTo("emr-serverless.amazonaws.com");
    assertThat(trust.get(0).path("Condition").toString())
        .contains("aws:SourceArn", "SparkTrainerApplication");
  }

  @Test
  void scheduleRoleMayOnlyStartJobRunsOfThisApplicationAsTheJobRole() {
    List<IamPolicyTest.Statement> statements =
        IamPolicyTest.statements(result.json(service), false).stream()
            .filter(s -> s.policy().startsWith("SparkTrainerSchedulerRoleDefaultPolicy"))
            .toList();
    assertThat(statements).hasSize(2);
    assertThat(statements)
        .anySatisfy(
            s -> {
              assertThat(s.actions()).containsExactly("emr-serverless:StartJobRun");
              assertThat(s.resources())
                  .singleElement()
                  .asString()
                  .contains("SparkTrainerApplication")
                  .contains("Arn");
            });
    assertThat(statements)
        .anySatisfy(
            s -> {
              assertThat(s.actions()).containsExactly("iam:PassRole");
              assertThat(s.resources()).singleElement().asString().contains("SparkTrainerJobRole");
            });
    JsonNode policy =
        only(
            "AWS::IAM::Policy",
            p -> p.path("PolicyName").asText().startsWith("SparkTrainerSchedulerRole"));
    assertThat(policy.toString())
        .contains("\"iam:PassedToService\":\"emr-serverless.amazonaws.com\"");
    // The shared scheduler role of CDK's other targets (the relay) gains nothing from the trainer.
    assertThat(
            actions(
                IamPolicyTest.statements(result.json(service), false), "SchedulerRoleForTarget"))
        .containsExactly("lambda:InvokeFunction");
  }

  /**
   * The only wildcard resources are the product's key prefixes and DescribeLogGroups' log-group:*.
   */
  @Test
  void wildcardResourcesOfTheJobRoleAreTheAcceptedOnes() {
    Set<String> found = new TreeSet<>();
    for (IamPolicyTest.Statement statement :
        IamPolicyTest.statements(result.json(service), false)) {
      if (statement.policy().startsWith("SparkTrainer")) {
        statement.resources().stream()
            .filter(r -> r.contains("*"))
            .forEach(
                r ->
                    found.add(
                        String.join(",", statement.actions())
                            + " | "
                            + (r.contains(":log-group:*") ? "<account>:log-group:*" : r)));
      }
    }
    assertThat(found)
        .containsExactlyInAnyOrder(
            "s3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject | <bucket>/models/*",
            "s3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject | <bucket>/snapshots/*",
            "s3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject | <bucket>/v1/*",
            "s3:GetObject | <bucket>/models/*",
            "s3:GetObject | <bucket>/snapshots/*",
            "s3:GetObject | <bucket>/v1/*",
            "logs:DescribeLogGroups | <account>:log-group:*");
  }

  @Test
  void aFailedOrCancelledJobRunReachesTheTrainerFailedAlarm() {
    JsonNode rule =
        only(
            "AWS::Events::Rule",
            r -> r.path("EventPattern").path("source").toString().contains("emr-serverless"));
    JsonNode pattern = rule.path("EventPattern");
    assertThat(pattern.path("detail-type").toString())
        .isEqualTo("[\"EMR Serverless Job Run State Change\"]");
    assertThat(pattern.path("detail").path("state").toString())
        .isEqualTo("[\"FAILED\",\"CANCELLED\"]");
    assertThat(pattern.path("detail").path("applicationId").toString())
        .contains("SparkTrainerApplication");
    // the rule notifies the alarm topic with the event, and the alarm counts the rule's matches
    assertThat(rule.path("Targets").toString()).contains("AlarmsTopic");
    JsonNode alarm =
        only(
            "AWS::CloudWatch::Alarm",
            a -> a.path("AlarmDescription").asText().startsWith("trainer run failed"));
    assertThat(alarm.path("AlarmDescription").asText()).contains("EMR Serverless job run failed");
    assertThat(alarm.path("Metrics").toString())
        .contains("TriggeredRules", "SparkTrainerFailures", "TrainerFailed");
    // no ECS rule is left watching a task that does not exist
    assertThat(result.json(service).path("Resources").toString())
        .doesNotContain("ECS Task State Change");
  }

  @Test
  void nagFindsNoUnsuppressedErrorAndOnlyKnownRulesAreSuppressed() {
    List<String> errors = new ArrayList<>();
    for (var stack : result.stacks()) {
      for (var message : stack.getMessages()) {
        if (message.getLevel() == software.amazon.awscdk.cxapi.SynthesisMessageLevel.ERROR) {
          errors.add(message.getId() + ": " + message.getEntry().getData());
        }
      }
    }
    assertThat(errors).isEmpty();
    Set<String> jobRoleRules = new TreeSet<>();
    result
        .json(service)
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getKey().startsWith("SparkTrainer")) {
                entry
                    .getValue()
                    .path("Metadata")
                    .path("cdk_nag")
                    .path("rules_to_suppress")
                    .forEach(
                        rule -> {
                          jobRoleRules.add(rule.path("id").asText());
                          assertThat(rule.path("reason").asText()).hasSizeGreaterThan(30);
                        });
              }
            });
    assertThat(jobRoleRules).containsExactly("AwsSolutions-IAM5");
  }

  @Test
  void armDeploymentsRunTheApplicationOnGraviton() {
    Template arm =
        Synthesis.of(
                Map.of(
                    "aisle:trainer",
                    "emr-serverless",
                    "aisle:egress",
                    "nat",
                    "aisle:architecture",
                    "arm64"))
            .service();
    arm.hasResourceProperties(
        "AWS::EMRServerless::Application",
        Map.of(
            "Architecture",
            "ARM64",
            // profile standard: 32 vCPU, 128 GB
            "MaximumCapacity",
            Map.of("Cpu", "32 vCPU", "Memory", "128 GB")));
  }

  private JsonNode application() {
    return only("AWS::EMRServerless::Application", a -> true);
  }

  private JsonNode only(String type, java.util.function.Predicate<JsonNode> properties) {
    List<JsonNode> found = new ArrayList<>();
    result
        .json(service)
        .path("Resources")
        .forEach(
            resource -> {
              if (resource.path("Type").asText().equals(type)
                  && properties.test(resource.path("Properties"))) {
                found.add(resource.path("Properties"));
              }
            });
    assertThat(found).as(type).hasSize(1);
    return found.get(0);
  }

  private static Set<String> actions(List<IamPolicyTest.Statement> statements, String policy) {
    return statements.stream()
        .filter(s -> s.policy().startsWith(policy))
        .flatMap(s -> s.actions().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
