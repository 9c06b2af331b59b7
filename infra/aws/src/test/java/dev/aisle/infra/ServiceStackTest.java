package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.storage.AisleSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The service stack: functions, HTTP API, event source, trainer schedule, alarms, outputs. */
class ServiceStackTest {

  private final Synthesis.Result result = Synthesis.defaults();
  private final Template service = result.service();

  @Test
  void apiFunctionRunsJava21WithSnapStartInTheVpcBehindTheLiveAlias() {
    service.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime",
            "java21",
            "Handler",
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest",
            "SnapStart",
            Map.of("ApplyOn", "PublishedVersions"),
            "VpcConfig",
            Match.objectLike(
                Map.of("SubnetIds", Match.anyValue(), "SecurityGroupIds", Match.anyValue()))));
    service.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime", "java21",
            "Handler", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
            "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    service.resourceCountIs("AWS::Lambda::Alias", 2);
    service.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
  }

  @Test
  void functionsGetEverySettingAisleSettingsReads() {
    for (JsonNode function :
        List.of(function("QuarkusStreamHandler"), function("FunqyStreamHandler"))) {
      JsonNode variables = function.path("Properties").path("Environment").path("Variables");
      Map<String, String> env = new HashMap<>();
      variables.fieldNames().forEachRemaining(name -> env.put(name, "deployed-" + name));
      AisleSettings settings = AisleSettings.fromEnv(env);
      assertThat(
              List.of(
                  settings.eventsTable(),
                  settings.itemsTable(),
                  settings.usersTable(),
                  settings.userStateTable(),
                  settings.modelsBucket(),
                  settings.cdnBucket(),
                  settings.kafkaBootstrap(),
                  settings.region(),
                  settings.interactionsTopic(),
                  settings.deadLetterTopic()))
          .allMatch(value -> value.startsWith("deployed-"));
      assertThat(variables.path("AISLE_KAFKA_AUTH").asText()).isEqualTo("iam");
      assertThat(variables.path("AISLE_PROVISION_TOPICS").asText()).isEqualTo("true");
      assertThat(variables.path("AISLE_INTERACTIONS_TOPIC").asText())
          .isEqualTo("aisle.interactions");
      assertThat(variables.path("AISLE_DEAD_LETTER_TOPIC").asText())
          .isEqualTo("aisle.interactions.dlq");
    }
  }

  @Test
  void httpApiHasTheDesignRoutesWithWritesAndErasuresBehindIam() {
    service.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
    Map<String, String> authorization = new HashMap<>();
    for (JsonNode route : resources("AWS::ApiGatewayV2::Route")) {
      JsonNode props = route.path("Properties");
      authorization.put(
          props.path("RouteKey").asText(), props.path("AuthorizationType").asText("NONE"));
    }
    assertThat(authorization)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "GET /health", "NONE",
                "GET /recommendations", "NONE",
                "GET /similar", "NONE",
                "POST /events", "AWS_IAM",
                "POST /items", "AWS_IAM",
                "POST /users", "AWS_IAM",
                "POST /erasures", "AWS_IAM",
                "GET /erasures", "AWS_IAM",
                "GET /users/export", "AWS_IAM"));
    service.hasResourceProperties(
        "AWS::ApiGatewayV2::Integration",
        Map.of("IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
  }

  @Test
  void stageThrottlesReadsAndWritesSeparatelyAndLogsAccess() {
    Map<String, Object> writeLimit =
        Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400);
    service.hasResourceProperties(
        "AWS::ApiGatewayV2::Stage",
        Map.of(
            "StageName", "$default",
            "AutoDeploy", true,
            "DefaultRouteSettings",
                Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000),
            "RouteSettings",
                Map.of(
                    "POST /events",
                    writeLimit,
                    "POST /items",
                    writeLimit,
                    "POST /users",
                    writeLimit,
                    "POST /erasures",
                    writeLimit,
                    "GET /erasures",
                    writeLimit),
            "AccessLogSettings",
                Map.of(
                    "DestinationArn", Match.anyValue(),
                    "Format", Match.stringLikeRegexp(".*\\$context.requestId.*"))));
  }

  @Test
  void streamFunctionConsumesTheInteractionsTopicThroughItsAliasInProvisionedMode() {
    service.hasResourceProperties(
        "AWS::Lambda::EventSourceMapping",
        Map.of(
            "Topics", List.of("aisle.interactions"),
            "StartingPosition", "TRIM_HORIZON",
            "AmazonManagedKafkaEventSourceConfig", Map.of("ConsumerGroupId", "aisle-stream"),
            "EventSourceArn", Match.anyValue(),
            "FunctionName",
                Map.of(
                    "Fn::Join",
                    List.of(
                        "",
                        List.of(
                            Map.of(
                                "Fn::Select",
                                List.of(
                                    6,
                                    Map.of(
                                        "Fn::Split",
                                        List.of(
                                            ":",
                                            Map.of(
                                                "Ref",
                                                Match.stringLikeRegexp("StreamFunctionLive.*")))))),
                            ":live")))));
  }

  /**
   * Lambda's error-handling controls for Kafka exist in provisioned mode only. A record that keeps
   * failing is retried a bounded number of times, a failing batch is split, partial batch responses
   * are honoured, and what exhausts its retries goes to the dead-letter topic with Lambda's failure
   * metadata instead of stalling its partition.
   */
  @Test
  void failingRecordsAreRetriedBoundedlyThenDeadLettered() {
    service.hasResourceProperties(
        "AWS::Lambda::EventSourceMapping",
        Map.of(
            "ProvisionedPollerConfig", Map.of("MinimumPollers", 1, "MaximumPollers", 4),
            "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
            "MaximumRetryAttempts", 5,
            "BisectBatchOnFunctionError", true,
            "DestinationConfig",
                Map.of("OnFailure", Map.of("Destination", "kafka://aisle.interactions.dlq")),
            "MetricsConfig", Map.of("Metrics", List.of("EventCount"))));
    // The function reports per-record failures, which Lambda honours in this mode.
    assertThat(
            environmentOf("FunqyStreamHandler")
                .path("AISLE_STREAM_REPORT_BATCH_ITEM_FAILURES")
                .asText())
        .isEqualTo("true");
    // Lambda writes the failed records to the dead-letter topic as the function's role.
    assertThat(IamPolicyTest.statements(result.json(service), false))
        .filteredOn(
            st ->
                st.policy().startsWith("StreamFunctionRole")
                    && st.actions().contains("kafka-cluster:WriteData"))
        .singleElement()
        .satisfies(st -> assertThat(st.resources().toString()).contains("/aisle.interactions.dlq"));
  }

  /** The stage's RouteSettings name the write routes, so it waits for them. */
  @Test
  void stageDependsOnTheRoutesItsSettingsName() {
    List<String> writeRoutes = new ArrayList<>();
    result
        .json(service)
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              JsonNode props = entry.getValue().path("Properties");
              if (entry.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")
                  && isWriteRoute(props.path("RouteKey").asText())) {
                writeRoutes.add(entry.getKey());
              }
            });
    JsonNode stage = resources("AWS::ApiGatewayV2::Stage").get(0);
    List<String> dependsOn = new ArrayList<>();
    stage.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
    assertThat(writeRoutes).hasSize(6);
    assertThat(dependsOn).containsAll(writeRoutes);
    stage
        .path("Properties")
        .path("RouteSettings")
        .fieldNames()
        .forEachRemaining(key -> assertThat(isWriteRoute(key)).as(key).isTrue());
  }

  /**
   * The write routes: the POSTs, the erasure status and the export (requests by the shop's
   * backend).
   */
  private static boolean isWriteRoute(String routeKey) {
    return routeKey.startsWith("POST ")
        || routeKey.equals("GET /erasures")
        || routeKey.equals("GET /users/export");
  }

  /** The api behind CloudFront with the web ACL, and a secret header only CloudFront sends. */
  @Test
  void apiIsServedThroughCloudFrontWithTheWebAclAndTheOriginHeader() {
    JsonNode distribution =
        resources("AWS::CloudFront::Distribution")
            .get(0)
            .path("Properties")
            .path("DistributionConfig");
    JsonNode origin = distribution.path("Origins").get(0);
    assertThat(origin.path("DomainName").toString()).contains("HttpApi", ".execute-api.");
    assertThat(origin.path("CustomOriginConfig").path("OriginProtocolPolicy").asText())
        .isEqualTo("https-only");
    assertThat(origin.path("OriginCustomHeaders").get(0).path("HeaderName").asText())
        .isEqualTo("x-aisle-origin");
    String secretReference =
        origin.path("OriginCustomHeaders").get(0).path("HeaderValue").toString();
    assertThat(secretReference).contains("{{resolve:secretsmanager:", "ApiEdgeOriginSecret");
    // The function checks the same secret (a dynamic reference: the value is in no template).
    assertThat(environmentOf("QuarkusStreamHandler").path("AISLE_ORIGIN_SECRET").toString())
        .isEqualTo(secretReference);
    // The web ACL from us-east-1, read through its SSM parameter.
    assertThat(distribution.path("WebACLId").toString())
        .contains("ApiEdgeWebAclArn", "Parameter.Value");
    assertThat(resources("Custom::AWS").stream().map(JsonNode::toString))
        .anyMatch(
            call ->
                call.contains("getParameter")
                    && call.contains("us-east-1")
                    && call.contains("/aisle/Aisle/api-web-acl-arn"));
    JsonNode behavior = distribution.path("DefaultCacheBehavior");
    assertThat(behavior.path("ViewerProtocolPolicy").asText()).isEqualTo("https-only");
    assertThat(behavior.path("CachePolicyId").asText())
        .isEqualTo("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // CachingDisabled
    assertThat(behavior.path("OriginRequestPolicyId").asText())
        .isEqualTo("b689b0a8-53d0-40ab-baf2-68738e2966ac"); // AllViewerExceptHostHeader
    assertThat(behavior.path("AllowedMethods").size()).isEqualTo(7);
    assertThat(distribution.path("Logging").path("Prefix").asText()).isEqualTo("cloudfront-api/");
  }

  /**
   * The scheduled relay: a schedule relays the outbox every minute; its role may invoke the api
   * function and nothing else.
   */
  @Test
  void outboxRelayRunsEveryMinuteThroughTheApiFunctionOnly() {
    JsonNode schedule =
        resources("AWS::Scheduler::Schedule").stream()
            .filter(
                s ->
                    s.path("Properties")
                        .path("ScheduleExpression")
                        .asText()
                        .equals("rate(1 minute)"))
            .findFirst()
            .orElseThrow()
            .path("Properties")
            .path("Target");
    assertThat(schedule.path("Arn").toString()).contains("ApiFunctionLive");
    String input = schedule.path("Input").toString();
    assertThat(input)
        .contains(
            "\\\"rawPath\\\":\\\"/outbox-relay\\\"",
            "\\\"method\\\":\\\"POST\\\"",
            "\\\"iam\\\":{",
            "<aws.scheduler.execution-id>");
    String role =
        schedule.path("RoleArn").path("Fn::GetAtt").get(0).asText().replaceAll("[0-9A-F]{8}$", "");
    List<IamPolicyTest.Statement> statements =
        IamPolicyTest.statements(result.json(service), false).stream()
            .filter(st -> st.policy().startsWith(role))
            .toList();
    assertThat(statements)
        .singleElement()
        .satisfies(
            st -> {
              assertThat(st.actions()).containsExactly("lambda:InvokeFunction");
              assertThat(st.resources()).singleElement().asString().contains("ApiFunctionLive");
            });
    // API Gateway has no route to it: only the schedule reaches the relay.
    resources("AWS::ApiGatewayV2::Route")
        .forEach(
            route ->
                assertThat(route.path("Properties").path("RouteKey").asText())
                    .doesNotContain("outbox-relay"));
  }

  @Test
  void trainerOwnsTheSnapshotPrefixAndReadsIncrementsThroughTheAcceptTimeIndex() {
    List<IamPolicyTest.Statement> statements =
        IamPolicyTest.statements(result.json(service), false);
    assertThat(statements)
        .filteredOn(st -> st.resources().stream().anyMatch(r -> r.endsWith("/snapshots/*")))
        .extracting(IamPolicyTest.Statement::policy)
        .isNotEmpty()
        // the trainer, and the stream function that erases a shopper's part (erasure)
        .allMatch(
            policy ->
                policy.startsWith("TrainerTaskRole")
                    || policy.startsWith("StreamFunctionRoleDefaultPolicy"))
        .contains("TrainerTaskRoleDefaultPolicy");
    assertThat(statements)
        .filteredOn(st -> st.resources().stream().anyMatch(r -> r.contains("/index/byAcceptTime")))
        .extracting(IamPolicyTest.Statement::policy)
        .containsExactly("TrainerTaskRoleDefaultPolicy");
    assertThat(statements)
        .filteredOn(st -> st.resources().stream().anyMatch(r -> r.contains("/index/byUpdateTime")))
        .extracting(IamPolicyTest.Statement::policy)
        .containsExactly("ApiFunctionRoleDefaultPolicy");
  }

  @Test
  void trainerRunsOnFargateOnAScheduleWithThePipelineCommand() {
    service.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Map.of(
            "RequiresCompatibilities", List.of("FARGATE"),
            "Cpu", "2048",
            "Memory", "8192",
            "RuntimePlatform",
                Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"),
            "ContainerDefinitions",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Command", List.of("pipeline"),
                            "Environment",
                                Match.arrayWith(
                                    List.of(
                                        Match.objectLike(
                                            Map.of("Name", "AISLE_CDN_DISTRIBUTION_ID")))),
                            "LogConfiguration",
                                Match.objectLike(Map.of("LogDriver", "awslogs")))))));
    service.hasResourceProperties(
        "AWS::Scheduler::Schedule",
        Map.of(
            "ScheduleExpression", "cron(0 3 * * ? *)",
            "ScheduleExpressionTimezone", "UTC",
            "State", "ENABLED",
            "Target",
                Match.objectLike(
                    Map.of(
                        "EcsParameters",
                        Match.objectLike(
                            Map.of(
                                "LaunchType",
                                "FARGATE",
                                "NetworkConfiguration",
                                Map.of(
                                    "AwsvpcConfiguration",
                                    Match.objectLike(Map.of("AssignPublicIp", "ENABLED")))))))));
    service.hasResourceProperties(
        "AWS::ECS::Cluster",
        Map.of(
            "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
  }

  @Test
  void trainerFailureRuleMatchesNonZeroExitAndFailedStarts() {
    service.hasResourceProperties(
        "AWS::Events::Rule",
        Map.of(
            "EventPattern",
            Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Task State Change"),
                "detail",
                    Match.objectLike(
                        Map.of(
                            "lastStatus", List.of("STOPPED"),
                            "$or",
                                List.of(
                                    Map.of(
                                        "containers",
                                        Map.of(
                                            "exitCode",
                                            List.of(Map.of("anything-but", List.of(0, 4))))),
                                    Map.of("stopCode", List.of("TaskFailedToStart"))))))));
  }

  @Test
  void alarmsCoverErrorsThrottlesLatencyLagDeadLettersOutboxModelAndTrainer() {
    List<String> metrics = new ArrayList<>();
    for (JsonNode alarm : resources("AWS::CloudWatch::Alarm")) {
      JsonNode props = alarm.path("Properties");
      assertThat(props.path("AlarmActions").size()).isEqualTo(1);
      if (props.has("Metrics")) {
        List<String> parts = new ArrayList<>();
        props
            .path("Metrics")
            .forEach(
                m -> {
                  JsonNode metric = m.path("MetricStat").path("Metric");
                  if (!metric.isMissingNode()) {
                    parts.add(
                        metric.path("Namespace").asText()
                            + "/"
                            + metric.path("MetricName").asText());
                  }
                });
        metrics.add(String.join("+", parts));
        continue;
      }
      String statistic = props.path("ExtendedStatistic").asText(props.path("Statistic").asText());
      metrics.add(
          props.path("Namespace").asText()
              + "/"
              + props.path("MetricName").asText()
              + "/"
              + statistic);
    }
    assertThat(metrics)
        .containsExactlyInAnyOrder(
            "AWS/Lambda/Errors/Sum",
            "AWS/Lambda/Throttles/Sum",
            "AWS/Lambda/Errors/Sum",
            "AWS/Lambda/Throttles/Sum",
            "AWS/ApiGateway/Latency/p99",
            "AWS/ApiGateway/5xx/Sum",
            "Aisle/ApiUnavailable/Sum",
            "Aisle/OutboxOldestAgeSeconds/Maximum",
            "Aisle/OutboxDepth/Maximum",
            "Aisle/ModelAgeSeconds/Maximum",
            "Aisle/ModelGated/Sum",
            "AWS/Lambda/OffsetLag/Maximum",
            "Aisle/StreamDeadLettered+AWS/Lambda/OnFailureDestinationDeliveredEventCount+AWS/Lambda/DroppedEventCount",
            "AWS/Events/TriggeredRules+Aisle/TrainerFailed");
    // The product's metrics carry one dimension, Service, as the emitters write it.
    service.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            "OutboxOldestAgeSeconds",
            "Namespace",
            "Aisle",
            "Threshold",
            600,
            "Dimensions",
            List.of(Map.of("Name", "Service", "Value", "api"))));
    service.hasResourceProperties(
        "AWS::CloudWatch::Alarm", Map.of("MetricName", "ModelAgeSeconds", "Threshold", 50 * 3600));
  }

  /**
   * No model age reported (no container loaded a model, or none runs) is not "fresh": the age alarm
   * alone treats missing data as breaching; the others, counts of things that happened, do not.
   */
  @Test
  void onlyTheModelAgeAlarmTreatsMissingDataAsBreaching() {
    Map<String, String> missing = new java.util.TreeMap<>();
    for (JsonNode alarm : resources("AWS::CloudWatch::Alarm")) {
      JsonNode props = alarm.path("Properties");
      String name =
          props.has("MetricName")
              ? props.path("MetricName").asText()
              : props.path("AlarmDescription").asText();
      missing.put(name, props.path("TreatMissingData").asText());
    }
    assertThat(missing).containsEntry("ModelAgeSeconds", "breaching");
    assertThat(missing.entrySet())
        .filteredOn(e -> !e.getKey().equals("ModelAgeSeconds"))
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo("notBreaching"));
  }

  /** The trainer's EMF lines and the alarms name the same metrics: both read core's constants. */
  @Test
  void trainerAlarmsWatchTheMetricsTheTrainerEmits() {
    service.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            dev.aisle.telemetry.MetricNames.MODEL_GATED,
            "Namespace",
            dev.aisle.telemetry.Metrics.NAMESPACE,
            "Dimensions",
            List.of(
                Map.of(
                    "Name",
                    dev.aisle.telemetry.Metrics.SERVICE_DIMENSION,
                    "Value",
                    dev.aisle.telemetry.MetricNames.SERVICE_TRAINER))));
    service.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "MetricName",
            dev.aisle.telemetry.MetricNames.MODEL_AGE_SECONDS,
            "TreatMissingData",
            "breaching",
            "Dimensions",
            List.of(
                Map.of("Name", "Service", "Value", dev.aisle.telemetry.MetricNames.SERVICE_API))));
    service.hasResourceProperties("AWS::SNS::TopicPolicy", Match.anyValue());
  }

  @Test
  void outputsNameTheApiAndTheWriterPolicy() {
    service.hasOutput(
        "ApiUrl",
        Map.of(
            "Value",
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        "https://",
                        Map.of(
                            "Fn::GetAtt",
                            List.of(
                                Match.stringLikeRegexp("ApiEdgeDistribution.*"),
                                "DomainName")))))));
    service.hasOutput("ApiGatewayUrl", Match.anyValue());
    service.hasOutput("ApiWriterPolicyArn", Match.anyValue());
    service.hasResourceProperties(
        "AWS::IAM::ManagedPolicy",
        Map.of(
            "PolicyDocument",
            Map.of(
                "Statement",
                List.of(
                    Match.objectLike(Map.of("Action", "execute-api:Invoke", "Effect", "Allow")))),
            "Description",
            Match.stringLikeRegexp(".*write routes.*")));
  }

  private JsonNode environmentOf(String handler) {
    return function(handler).path("Properties").path("Environment").path("Variables");
  }

  private JsonNode function(String handler) {
    return resources("AWS::Lambda::Function").stream()
        .filter(f -> f.path("Properties").path("Handler").asText().contains(handler))
        .findFirst()
        .orElseThrow();
  }

  private List<JsonNode> resources(String type) {
    List<JsonNode> found = new ArrayList<>();
    result
        .json(service)
        .path("Resources")
        .forEach(
            resource -> {
              if (resource.path("Type").asText().equals(type)) {
                found.add(resource);
              }
            });
    return found;
  }
}
