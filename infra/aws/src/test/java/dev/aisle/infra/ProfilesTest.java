package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What each deploy profile changes ({@code -c aisle:profile=small|standard|large}), and what none
 * of them may change: encryption, TLS only, private subnets for the data path, IAM-authenticated
 * Kafka, the WAF in front of the api. (cdk-nag over every profile: NagFindingsTest; no wildcard
 * action in any profile: IamPolicyTest.)
 */
class ProfilesTest {

  private final Synthesis.Result small = Synthesis.profile("small");
  private final Synthesis.Result standard = Synthesis.profile("standard");
  private final Synthesis.Result large = Synthesis.profile("large");

  @Test
  void smallRunsTheTwoSmallestBrokersTheTwoZonesAllowWithTopicsDeclaredAtDeployTime() {
    small.data().resourceCountIs("AWS::MSK::ServerlessCluster", 0);
    small
        .data()
        .hasResourceProperties(
            "AWS::MSK::Cluster",
            Map.of(
                "NumberOfBrokerNodes",
                2,
                "BrokerNodeGroupInfo",
                Match.objectLike(
                    Map.of(
                        "InstanceType",
                        "kafka.t3.small",
                        "StorageInfo",
                        Map.of("EBSStorageInfo", Map.of("VolumeSize", 10))))));
    small
        .data()
        .hasResourceProperties(
            "AWS::MSK::Configuration",
            Map.of(
                "ServerProperties",
                Match.stringLikeRegexp(
                    "[\\s\\S]*auto.create.topics.enable=false[\\s\\S]*default.replication.factor=2[\\s\\S]*min.insync.replicas=1[\\s\\S]*")));
    small
        .data()
        .hasResourceProperties(
            "AWS::MSK::Topic",
            Map.of(
                "TopicName",
                "aisle.interactions",
                "PartitionCount",
                4,
                "ReplicationFactor",
                2,
                "ClusterArn",
                Match.anyValue()));
    small
        .data()
        .hasResourceProperties(
            "AWS::MSK::Topic",
            Map.of(
                "TopicName",
                "aisle.interactions.dlq",
                "PartitionCount",
                1,
                "ReplicationFactor",
                2,
                "ClusterArn",
                Match.anyValue()));
    // Topics exist before any function starts: the functions neither create them nor may.
    functionEnvironments(small)
        .forEach(env -> assertThat(env.path("AISLE_PROVISION_TOPICS").asText()).isEqualTo("false"));
    assertThat(actions(small)).doesNotContain("kafka-cluster:CreateTopic");
    assertThat(actions(standard)).contains("kafka-cluster:CreateTopic");
  }

  @Test
  void smallUsesOnDemandPollersThatReachLambdaAndStsThroughEndpointsInOneZone() {
    small
        .service()
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of(
                "Topics", List.of("aisle.interactions"),
                "ProvisionedPollerConfig", Match.absent(),
                // Lambda ignores partial batch responses in on-demand mode: the function fails
                // whole batches.
                "FunctionResponseTypes", Match.absent(),
                "DestinationConfig", Match.absent()));
    assertThat(streamEnvironment(small).path("AISLE_STREAM_REPORT_BATCH_ITEM_FAILURES").asText())
        .isEqualTo("false");
    List<JsonNode> endpoints =
        resources(small.json(small.data()), "AWS::EC2::VPCEndpoint").stream()
            .filter(e -> e.path("Properties").path("VpcEndpointType").asText().equals("Interface"))
            .toList();
    assertThat(endpoints)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.path("Properties").path("SubnetIds").size()).isEqualTo(1));
    assertThat(endpoints.stream().map(e -> e.path("Properties").path("ServiceName").toString()))
        .anyMatch(s -> s.contains(".lambda"))
        .anyMatch(s -> s.contains(".sts"));
    assertThat(clusterSecurityGroupEgressPorts(small)).contains(443);
    assertThat(clusterSecurityGroupEgressPorts(standard)).doesNotContain(443);
  }

  @Test
  void smallIsSizedDownAndKeepsAWeekOfLogs() {
    assertThat(memoryByHandler(small))
        .containsEntry("QuarkusStreamHandler", 1024)
        .containsEntry("FunqyStreamHandler", 512);
    small
        .service()
        .hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "1024", "Memory", "2048"));
    for (Template template : List.of(small.data(), small.service())) {
      template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
    }
    small
        .data()
        .hasResourceProperties(
            "AWS::S3::Bucket",
            Map.of(
                "LifecycleConfiguration",
                Map.of(
                    "Rules",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Id",
                                    "old-model-versions",
                                    "NoncurrentVersionExpiration",
                                    Map.of("NoncurrentDays", 7))))))));
  }

  @Test
  void standardIsTodaysServerlessClusterWithProvisionedPollersAndNoInterfaceEndpoint() {
    standard.data().resourceCountIs("AWS::MSK::ServerlessCluster", 1);
    standard.data().resourceCountIs("AWS::MSK::Cluster", 0);
    standard
        .service()
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of("ProvisionedPollerConfig", Map.of("MinimumPollers", 1, "MaximumPollers", 4)));
    assertThat(memoryByHandler(standard))
        .containsEntry("QuarkusStreamHandler", 1024)
        .containsEntry("FunqyStreamHandler", 1024);
    standard
        .service()
        .hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "2048", "Memory", "8192"));
  }

  @Test
  void largeRunsSixteenPartitionsOnLargerBrokersAndMorePollers() {
    large
        .data()
        .hasResourceProperties(
            "AWS::MSK::Cluster",
            Map.of(
                "NumberOfBrokerNodes",
                2,
                "BrokerNodeGroupInfo",
                Match.objectLike(
                    Map.of(
                        "InstanceType",
                        "kafka.m7g.large",
                        "StorageInfo",
                        Map.of("EBSStorageInfo", Map.of("VolumeSize", 200))))));
    large
        .data()
        .hasResourceProperties(
            "AWS::MSK::Topic",
            Map.of(
                "TopicName",
                "aisle.interactions",
                "PartitionCount",
                16,
                "ReplicationFactor",
                2,
                "ClusterArn",
                Match.anyValue()));
    large
        .service()
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Map.of("ProvisionedPollerConfig", Map.of("MinimumPollers", 1, "MaximumPollers", 8)));
  }

  @Test
  void largeKeepsTheHotTablesInProvisionedCapacityWithAutoScaling() {
    JsonNode tables = large.json(large.data()).path("Resources");
    List<String> provisioned = new ArrayList<>();
    tables
        .fields()
        .forEachRemaining(
            entry -> {
              JsonNode props = entry.getValue().path("Properties");
              if (entry.getValue().path("Type").asText().equals("AWS::DynamoDB::Table")) {
                if (props.has("ProvisionedThroughput")) {
                  provisioned.add(entry.getKey().replaceAll("[0-9A-F]{8}$", ""));
                } else {
                  assertThat(props.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
                }
              }
            });
    assertThat(provisioned).containsExactlyInAnyOrder("TablesEvents", "TablesUserState");
    large
        .data()
        .hasResourceProperties(
            "AWS::DynamoDB::Table",
            Map.of(
                "TableClass",
                "STANDARD_INFREQUENT_ACCESS",
                "ProvisionedThroughput",
                Map.of("ReadCapacityUnits", 5, "WriteCapacityUnits", 100)));
    // Table and each global index, read and write: events (table + byAcceptTime) and user-state.
    large.data().resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 6);
    large
        .data()
        .hasResourceProperties(
            "AWS::ApplicationAutoScaling::ScalableTarget",
            Map.of(
                "MinCapacity",
                100,
                "MaxCapacity",
                8000,
                "ScalableDimension",
                "dynamodb:table:WriteCapacityUnits",
                "ResourceId",
                Match.anyValue(),
                "ServiceNamespace",
                "dynamodb"));
    large
        .data()
        .allResourcesProperties(
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            Map.of(
                "PolicyType",
                "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("TargetValue", 70))));
    standard.data().resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 0);
    standard
        .data()
        .allResourcesProperties(
            "AWS::DynamoDB::Table",
            Map.of("BillingMode", "PAY_PER_REQUEST", "TableClass", Match.absent()));
  }

  @Test
  void largeSizesUpTheApiAndTheTrainerAndExpiresOldEvents() {
    assertThat(memoryByHandler(large)).containsEntry("QuarkusStreamHandler", 2048);
    large
        .service()
        .hasResourceProperties(
            "AWS::Lambda::Alias",
            Map.of(
                "Name",
                "live",
                "ProvisionedConcurrencyConfig",
                Map.of("ProvisionedConcurrentExecutions", 2)));
    standard
        .service()
        .allResourcesProperties(
            "AWS::Lambda::Alias", Map.of("ProvisionedConcurrencyConfig", Match.absent()));
    large
        .service()
        .hasResourceProperties(
            "AWS::ECS::TaskDefinition", Map.of("Cpu", "16384", "Memory", "98304"));
    assertThat(apiEnvironment(large).path("AISLE_INGEST_EVENT_RETENTION").asText())
        .isEqualTo("180d");
    // two years unless a profile or aisle:eventRetentionDays says otherwise
    assertThat(apiEnvironment(standard).path("AISLE_INGEST_EVENT_RETENTION").asText())
        .isEqualTo("730d");
    // the api's TTL and the trainer's reads share one retention (docs/privacy.md)
    assertThat(apiEnvironment(large).path("AISLE_EVENT_RETENTION").asText()).isEqualTo("180d");
    assertThat(apiEnvironment(standard).path("AISLE_EVENT_RETENTION").asText()).isEqualTo("730d");
    large
        .service()
        .hasResourceProperties(
            "AWS::ECS::TaskDefinition",
            Map.of(
                "ContainerDefinitions",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Environment",
                            Match.arrayWith(
                                List.of(
                                    Map.of("Name", "AISLE_EVENT_RETENTION", "Value", "180d"))))))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "standard", "large"})
  void securityHoldsInEveryProfile(String name) {
    Synthesis.Result result = Synthesis.profile(name);
    Template data = result.data();
    data.allResourcesProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "SSESpecification", Map.of("SSEEnabled", true),
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    data.allResourcesProperties(
        "AWS::S3::Bucket",
        Map.of(
            "BucketEncryption", Match.objectLike(Map.of()),
            "PublicAccessBlockConfiguration",
                Match.objectLike(Map.of("RestrictPublicBuckets", true))));
    data.allResourcesProperties(
        "AWS::S3::BucketPolicy",
        Map.of(
            "PolicyDocument",
            Map.of(
                "Statement",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Effect",
                                "Deny",
                                "Condition",
                                Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    // The product's functions sit in the private subnets (CDK's deploy-time helpers need no VPC).
    for (String handler : List.of("QuarkusStreamHandler", "FunqyStreamHandler")) {
      JsonNode subnets =
          function(result, handler).path("Properties").path("VpcConfig").path("SubnetIds");
      assertThat(subnets.size()).isEqualTo(2);
      subnets.forEach(
          subnet -> assertThat(subnet.toString()).containsPattern("privateSubnet[12]Subnet"));
    }
    String kafka = result.json(data).path("Resources").toString();
    assertThat(kafka).contains("\"Iam\":{\"Enabled\":true}");
    if (kafka.contains("AWS::MSK::Cluster")) {
      data.hasResourceProperties(
          "AWS::MSK::Cluster",
          Map.of(
              "ClientAuthentication",
                  Map.of(
                      "Sasl",
                      Map.of("Iam", Map.of("Enabled", true)),
                      "Unauthenticated",
                      Map.of("Enabled", false)),
              "EncryptionInfo",
                  Map.of("EncryptionInTransit", Map.of("ClientBroker", "TLS", "InCluster", true)),
              "LoggingInfo",
                  Map.of(
                      "BrokerLogs",
                      Map.of("CloudWatchLogs", Match.objectLike(Map.of("Enabled", true))))));
    }
    // The api: CloudFront, HTTPS only, with the web ACL of the edge stack.
    result.edge().resourceCountIs("AWS::WAFv2::WebACL", 1);
    result
        .service()
        .hasResourceProperties(
            "AWS::CloudFront::Distribution",
            Map.of(
                "DistributionConfig",
                Match.objectLike(
                    Map.of(
                        "WebACLId", Match.anyValue(),
                        "DefaultCacheBehavior",
                            Match.objectLike(Map.of("ViewerProtocolPolicy", "https-only"))))));
  }

  private static List<String> actions(Synthesis.Result result) {
    List<String> actions = new ArrayList<>();
    for (Template template : result.templates()) {
      IamPolicyTest.statements(result.json(template), false)
          .forEach(st -> actions.addAll(st.actions()));
    }
    return actions;
  }

  private static List<Integer> clusterSecurityGroupEgressPorts(Synthesis.Result result) {
    List<Integer> ports = new ArrayList<>();
    result
        .json(result.data())
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getKey().startsWith("NetworkKafkaClusterSecurityGroup")
                  && entry.getValue().path("Type").asText().equals("AWS::EC2::SecurityGroup")) {
                entry
                    .getValue()
                    .path("Properties")
                    .path("SecurityGroupEgress")
                    .forEach(rule -> ports.add(rule.path("FromPort").asInt()));
              }
            });
    return ports;
  }

  private static Map<String, Integer> memoryByHandler(Synthesis.Result result) {
    Map<String, Integer> memory = new java.util.HashMap<>();
    resources(result.json(result.service()), "AWS::Lambda::Function")
        .forEach(
            f -> {
              String handler = f.path("Properties").path("Handler").asText();
              if (handler.contains("::")) {
                memory.put(
                    handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf("::")),
                    f.path("Properties").path("MemorySize").asInt());
              }
            });
    return memory;
  }

  private static List<JsonNode> functionEnvironments(Synthesis.Result result) {
    return List.of(apiEnvironment(result), streamEnvironment(result));
  }

  private static JsonNode apiEnvironment(Synthesis.Result result) {
    return environment(result, "QuarkusStreamHandler");
  }

  private static JsonNode streamEnvironment(Synthesis.Result result) {
    return environment(result, "FunqyStreamHandler");
  }

  private static JsonNode environment(Synthesis.Result result, String handler) {
    return function(result, handler).path("Properties").path("Environment").path("Variables");
  }

  private static JsonNode function(Synthesis.Result result, String handler) {
    return resources(result.json(result.service()), "AWS::Lambda::Function").stream()
        .filter(f -> f.path("Properties").path("Handler").asText().contains(handler))
        .findFirst()
        .orElseThrow();
  }

  private static List<JsonNode> resources(JsonNode template, String type) {
    List<JsonNode> found = new ArrayList<>();
    template
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
