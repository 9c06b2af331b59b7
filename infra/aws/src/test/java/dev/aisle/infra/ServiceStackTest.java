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
    service.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Runtime", "java21",
        "Handler", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest",
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue(), "SecurityGroupIds", Match.anyValue()))));
    service.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Runtime", "java21",
        "Handler", "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest",
        "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    service.resourceCountIs("AWS::Lambda::Alias", 2);
    service.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
  }

  @Test
  void functionsGetEverySettingAisleSettingsReads() {
    for (JsonNode function : resources("AWS::Lambda::Function")) {
      JsonNode variables = function.path("Properties").path("Environment").path("Variables");
      Map<String, String> env = new HashMap<>();
      variables.fieldNames().forEachRemaining(name -> env.put(name, "deployed-" + name));
      AisleSettings settings = AisleSettings.fromEnv(env);
      assertThat(List.of(settings.eventsTable(), settings.itemsTable(), settings.usersTable(),
          settings.userStateTable(), settings.modelsBucket(), settings.cdnBucket(), settings.kafkaBootstrap(),
          settings.region(), settings.interactionsTopic(), settings.deadLetterTopic()))
          .allMatch(value -> value.startsWith("deployed-"));
      assertThat(variables.path("AISLE_KAFKA_AUTH").asText()).isEqualTo("iam");
      assertThat(variables.path("AISLE_PROVISION_TOPICS").asText()).isEqualTo("true");
      assertThat(variables.path("AISLE_INTERACTIONS_TOPIC").asText()).isEqualTo("aisle.interactions");
      assertThat(variables.path("AISLE_DEAD_LETTER_TOPIC").asText()).isEqualTo("aisle.interactions.dlq");
    }
  }

  @Test
  void httpApiHasTheSixRoutesWithWritesBehindIam() {
    service.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
    Map<String, String> authorization = new HashMap<>();
    for (JsonNode route : resources("AWS::ApiGatewayV2::Route")) {
      JsonNode props = route.path("Properties");
      authorization.put(props.path("RouteKey").asText(), props.path("AuthorizationType").asText("NONE"));
    }
    assertThat(authorization).containsExactlyInAnyOrderEntriesOf(Map.of(
        "GET /health", "NONE",
        "GET /recommendations", "NONE",
        "GET /similar", "NONE",
        "POST /events", "AWS_IAM",
        "POST /items", "AWS_IAM",
        "POST /users", "AWS_IAM"));
    service.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
        "IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
  }

  @Test
  void stageThrottlesReadsAndWritesSeparatelyAndLogsAccess() {
    Map<String, Object> writeLimit = Map.of("ThrottlingRateLimit", 200, "ThrottlingBurstLimit", 400);
    service.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "StageName", "$default",
        "AutoDeploy", true,
        "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000),
        "RouteSettings", Map.of("POST /events", writeLimit, "POST /items", writeLimit, "POST /users", writeLimit),
        "AccessLogSettings", Map.of(
            "DestinationArn", Match.anyValue(),
            "Format", Match.stringLikeRegexp(".*\\$context.requestId.*"))));
  }

  @Test
  void streamFunctionConsumesTheInteractionsTopicThroughItsAlias() {
    service.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
        "Topics", List.of("aisle.interactions"),
        "StartingPosition", "TRIM_HORIZON",
        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
        "AmazonManagedKafkaEventSourceConfig", Map.of("ConsumerGroupId", "aisle-stream"),
        "EventSourceArn", Match.anyValue(),
        "FunctionName", Map.of("Fn::Join", List.of("", List.of(
            Map.of("Fn::Select", List.of(6, Map.of("Fn::Split", List.of(":",
                Map.of("Ref", Match.stringLikeRegexp("StreamFunctionLive.*")))))), ":live")))));
  }

  @Test
  void trainerRunsOnFargateOnAScheduleWithThePipelineCommand() {
    service.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
        "RequiresCompatibilities", List.of("FARGATE"),
        "Cpu", "2048",
        "Memory", "8192",
        "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"),
        "ContainerDefinitions", List.of(Match.objectLike(Map.of(
            "Command", List.of("pipeline"),
            "Environment", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "AISLE_CDN_DISTRIBUTION_ID")))),
            "LogConfiguration", Match.objectLike(Map.of("LogDriver", "awslogs")))))));
    service.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
        "ScheduleExpression", "cron(0 3 * * ? *)",
        "ScheduleExpressionTimezone", "UTC",
        "State", "ENABLED",
        "Target", Match.objectLike(Map.of("EcsParameters", Match.objectLike(Map.of(
            "LaunchType", "FARGATE",
            "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "ENABLED")))))))));
    service.hasResourceProperties("AWS::ECS::Cluster", Map.of(
        "ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
  }

  @Test
  void trainerFailureRuleMatchesNonZeroExitAndFailedStarts() {
    service.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
        "source", List.of("aws.ecs"),
        "detail-type", List.of("ECS Task State Change"),
        "detail", Match.objectLike(Map.of(
            "lastStatus", List.of("STOPPED"),
            "$or", List.of(
                Map.of("containers", Map.of("exitCode", List.of(Map.of("anything-but", List.of(0))))),
                Map.of("stopCode", List.of("TaskFailedToStart"))))))));
  }

  @Test
  void alarmsCoverErrorsThrottlesLatencyLagDeadLettersAndTrainer() {
    List<String> metrics = new ArrayList<>();
    for (JsonNode alarm : resources("AWS::CloudWatch::Alarm")) {
      JsonNode props = alarm.path("Properties");
      assertThat(props.path("AlarmActions").size()).isEqualTo(1);
      String statistic = props.path("ExtendedStatistic").asText(props.path("Statistic").asText());
      metrics.add(props.path("Namespace").asText() + "/" + props.path("MetricName").asText() + "/" + statistic);
    }
    assertThat(metrics).containsExactlyInAnyOrder(
        "AWS/Lambda/Errors/Sum", "AWS/Lambda/Throttles/Sum",
        "AWS/Lambda/Errors/Sum", "AWS/Lambda/Throttles/Sum",
        "AWS/ApiGateway/Latency/p99", "AWS/ApiGateway/5xx/Sum",
        "AWS/Lambda/OffsetLag/Maximum",
        "AWS/Kafka/MessagesInPerSec/Maximum",
        "AWS/Events/TriggeredRules/Sum");
    service.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/Kafka",
        "Dimensions", Match.arrayWith(List.of(Map.of("Name", "Topic", "Value", "aisle.interactions.dlq")))));
    service.hasResourceProperties("AWS::SNS::TopicPolicy", Match.anyValue());
  }

  @Test
  void outputsNameTheApiAndTheWriterPolicy() {
    service.hasOutput("ApiUrl", Match.anyValue());
    service.hasOutput("ApiWriterPolicyArn", Match.anyValue());
    service.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument", Map.of(
        "Statement", List.of(Match.objectLike(Map.of("Action", "execute-api:Invoke", "Effect", "Allow")))),
        "Description", Match.stringLikeRegexp(".*write routes.*")));
  }

  private List<JsonNode> resources(String type) {
    List<JsonNode> found = new ArrayList<>();
    result.json(service).path("Resources").forEach(resource -> {
      if (resource.path("Type").asText().equals(type)) {
        found.add(resource);
      }
    });
    return found;
  }
}
