package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.infra.data.Buckets;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The data stack: tables, buckets, CDN, Kafka and network with their security properties. */
class DataStackTest {

  private final Synthesis.Result result = Synthesis.defaults();
  private final Template data = result.data();

  @Test
  void everyTableIsOnDemandEncryptedWithPointInTimeRecoveryAndProtected() {
    data.resourceCountIs("AWS::DynamoDB::Table", 6);
    data.allResourcesProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "BillingMode",
            "PAY_PER_REQUEST",
            "SSESpecification",
            Map.of("SSEEnabled", true),
            "PointInTimeRecoverySpecification",
            Map.of("PointInTimeRecoveryEnabled", true),
            "DeletionProtectionEnabled",
            true));
    data.allResources(
        "AWS::DynamoDB::Table",
        Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
  }

  @Test
  void eventsTableHasTheKeysOfTableDefinitionsTheTimeIndexAndTtl() {
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "KeySchema",
                List.of(
                    Map.of("AttributeName", TableDefinitions.USER_ID, "KeyType", "HASH"),
                    Map.of("AttributeName", TableDefinitions.EVENT_ID, "KeyType", "RANGE")),
            "LocalSecondaryIndexes",
                List.of(
                    Map.of(
                        "IndexName", TableDefinitions.EVENTS_BY_TIME_INDEX,
                        "KeySchema",
                            List.of(
                                Map.of(
                                    "AttributeName", TableDefinitions.USER_ID, "KeyType", "HASH"),
                                Map.of(
                                    "AttributeName",
                                    TableDefinitions.TIMESTAMP,
                                    "KeyType",
                                    "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))),
            "AttributeDefinitions",
                Match.arrayWith(
                    List.of(
                        Map.of("AttributeName", TableDefinitions.TIMESTAMP, "AttributeType", "N"))),
            "TimeToLiveSpecification",
                Map.of("AttributeName", TableDefinitions.EXPIRES_AT, "Enabled", true)));
  }

  @Test
  void theOutboxIsATableOfItsOwnKeyedByShardAndEntry() {
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "KeySchema",
            List.of(
                Map.of("AttributeName", TableDefinitions.OUTBOX_SHARD, "KeyType", "HASH"),
                Map.of("AttributeName", TableDefinitions.OUTBOX_ENTRY, "KeyType", "RANGE")),
            "BillingMode",
            "PAY_PER_REQUEST"));
    // the events rows' old outbox index is gone: nothing writes its key any more
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "KeySchema",
                List.of(
                    Map.of("AttributeName", TableDefinitions.USER_ID, "KeyType", "HASH"),
                    Map.of("AttributeName", TableDefinitions.EVENT_ID, "KeyType", "RANGE")),
            "GlobalSecondaryIndexes",
                List.of(
                    Match.objectLike(
                        Map.of("IndexName", TableDefinitions.EVENTS_BY_ACCEPT_TIME_INDEX)))));
  }

  @Test
  void eventsTableHasTheAcceptTimeIndexTheTrainerReadsIncrementsFrom() {
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "AttributeDefinitions",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "AttributeName", TableDefinitions.ACCEPT_SHARD, "AttributeType", "S"),
                        Map.of(
                            "AttributeName", TableDefinitions.ACCEPTED_AT, "AttributeType", "N"))),
            "GlobalSecondaryIndexes",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "IndexName", TableDefinitions.EVENTS_BY_ACCEPT_TIME_INDEX,
                            "KeySchema",
                                List.of(
                                    Map.of(
                                        "AttributeName",
                                        TableDefinitions.ACCEPT_SHARD,
                                        "KeyType",
                                        "HASH"),
                                    Map.of(
                                        "AttributeName",
                                        TableDefinitions.ACCEPTED_AT,
                                        "KeyType",
                                        "RANGE")),
                            "Projection",
                                Map.of(
                                    "ProjectionType",
                                    "INCLUDE",
                                    "NonKeyAttributes",
                                    TableDefinitions.EVENTS_BY_ACCEPT_TIME_PROJECTION))))));
  }

  @Test
  void itemsTableHasTheSparseUnavailableIndexAndTheUpdateTimeIndex() {
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "KeySchema",
                List.of(Map.of("AttributeName", TableDefinitions.ITEM_ID, "KeyType", "HASH")),
            "AttributeDefinitions",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "AttributeName", TableDefinitions.UPDATE_SHARD, "AttributeType", "S"),
                        Map.of(
                            "AttributeName", TableDefinitions.UPDATED_AT, "AttributeType", "N"))),
            "GlobalSecondaryIndexes",
                List.of(
                    Map.of(
                        "IndexName", TableDefinitions.UNAVAILABLE_ITEMS_INDEX,
                        "KeySchema",
                            List.of(
                                Map.of(
                                    "AttributeName",
                                    TableDefinitions.UNAVAILABLE,
                                    "KeyType",
                                    "HASH"),
                                Map.of(
                                    "AttributeName", TableDefinitions.ITEM_ID, "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "KEYS_ONLY")),
                    Map.of(
                        "IndexName", TableDefinitions.ITEMS_BY_UPDATE_TIME_INDEX,
                        "KeySchema",
                            List.of(
                                Map.of(
                                    "AttributeName",
                                    TableDefinitions.UPDATE_SHARD,
                                    "KeyType",
                                    "HASH"),
                                Map.of(
                                    "AttributeName",
                                    TableDefinitions.UPDATED_AT,
                                    "KeyType",
                                    "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL")))));
    // users and user-state: partition key userId only, no TTL.
    assertThat(
            data.findResources(
                "AWS::DynamoDB::Table",
                Match.objectLike(
                    Map.of(
                        "Properties",
                        Map.of(
                            "KeySchema",
                                List.of(
                                    Map.of(
                                        "AttributeName",
                                        TableDefinitions.USER_ID,
                                        "KeyType",
                                        "HASH")),
                            "TimeToLiveSpecification", Match.absent())))))
        .hasSize(2);
  }

  @Test
  void everyBucketIsPrivateEncryptedAndTlsOnly() {
    data.resourceCountIs("AWS::S3::Bucket", 3);
    data.allResourcesProperties(
        "AWS::S3::Bucket",
        Map.of(
            "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls",
                    true,
                    "BlockPublicPolicy",
                    true,
                    "IgnorePublicAcls",
                    true,
                    "RestrictPublicBuckets",
                    true),
            "BucketEncryption",
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Map.of(
                            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
    data.resourceCountIs("AWS::S3::BucketPolicy", 3);
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
                                "Effect", "Deny",
                                "Action", "s3:*",
                                "Condition",
                                    Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
  }

  @Test
  void modelsBucketIsVersionedAndLogged() {
    data.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "VersioningConfiguration", Map.of("Status", "Enabled"),
            "LoggingConfiguration", Map.of("LogFilePrefix", "s3/models/")));
  }

  @Test
  void overwrittenSnapshotPartsExpireAfterADayNotAfterTheModelsRetention() {
    data.hasResourceProperties(
        "AWS::S3::Bucket",
        Map.of(
            "LoggingConfiguration", Map.of("LogFilePrefix", "s3/models/"),
            "LifecycleConfiguration",
                Map.of(
                    "Rules",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Id",
                                "old-model-versions",
                                "NoncurrentVersionExpiration",
                                Map.of("NoncurrentDays", 30))),
                        Map.of(
                            "Id",
                            "old-snapshot-versions",
                            "Prefix",
                            Buckets.SNAPSHOTS_PREFIX,
                            "Status",
                            "Enabled",
                            "NoncurrentVersionExpiration",
                            Map.of("NoncurrentDays", 1))))));
  }

  @Test
  void cdnServesTheBucketThroughOriginAccessControlWithAHeadersPolicy() {
    data.hasResourceProperties(
        "AWS::CloudFront::OriginAccessControl",
        Map.of(
            "OriginAccessControlConfig",
            Map.of(
                "OriginAccessControlOriginType",
                "s3",
                "SigningBehavior",
                "always",
                "SigningProtocol",
                "sigv4")));
    data.hasResourceProperties(
        "AWS::CloudFront::ResponseHeadersPolicy",
        Map.of(
            "ResponseHeadersPolicyConfig",
            Match.objectLike(
                Map.of(
                    "CorsConfig",
                        Match.objectLike(
                            Map.of("AccessControlAllowOrigins", Map.of("Items", List.of("*")))),
                    "SecurityHeadersConfig",
                        Match.objectLike(
                            Map.of(
                                "StrictTransportSecurity",
                                    Match.objectLike(Map.of("Override", true)),
                                "ContentTypeOptions", Map.of("Override", true),
                                "FrameOptions",
                                    Map.of("FrameOption", "DENY", "Override", true)))))));
    data.hasResourceProperties(
        "AWS::CloudFront::Distribution",
        Map.of(
            "DistributionConfig",
            Match.objectLike(
                Map.of(
                    "Origins",
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "OriginAccessControlId",
                                        Map.of(
                                            "Fn::GetAtt",
                                            List.of(
                                                logicalId("AWS::CloudFront::OriginAccessControl"),
                                                "Id")),
                                    "S3OriginConfig", Map.of("OriginAccessIdentity", "")))),
                    "DefaultCacheBehavior",
                        Match.objectLike(
                            Map.of(
                                "ViewerProtocolPolicy",
                                "redirect-to-https",
                                "Compress",
                                true,
                                "ResponseHeadersPolicyId",
                                Map.of(
                                    "Ref", logicalId("AWS::CloudFront::ResponseHeadersPolicy")))),
                    "Logging", Match.objectLike(Map.of("Prefix", "cloudfront/"))))));
    // The CDN bucket admits CloudFront only for this distribution.
    Map<String, Object> distributionArn =
        Map.of(
            "Fn::Join",
            List.of(
                "",
                List.of(
                    "arn:",
                    Map.of("Ref", "AWS::Partition"),
                    ":cloudfront::",
                    Map.of("Ref", "AWS::AccountId"),
                    ":distribution/",
                    Map.of("Ref", logicalId("AWS::CloudFront::Distribution")))));
    Map<String, Object> cloudFrontRead =
        Map.of(
            "Effect", "Allow",
            "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
            "Action", List.of("s3:GetObject", "s3:ListBucket"),
            "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", distributionArn)));
    data.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Map.of(
            "PolicyDocument",
            Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(cloudFrontRead))))));
  }

  @Test
  void kafkaIsServerlessWithIamAuthInPrivateSubnets() {
    data.hasResourceProperties(
        "AWS::MSK::ServerlessCluster",
        Map.of(
            "ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true))),
            "VpcConfigs",
                List.of(
                    Map.of(
                        "SubnetIds",
                            Match.arrayWith(
                                List.of(
                                    Match.objectLike(
                                        Map.of(
                                            "Ref", Match.stringLikeRegexp("privateSubnet1.*"))))),
                        "SecurityGroups", Match.anyValue()))));
    // Bootstrap servers come from one GetBootstrapBrokers call on this cluster.
    JsonNode call =
        result
            .json(data)
            .path("Resources")
            .path(logicalId("Custom::AWS"))
            .path("Properties")
            .path("Create");
    assertThat(call.toString())
        .contains(
            "\\\"service\\\":\\\"Kafka\\\"",
            "getBootstrapBrokers",
            logicalId("AWS::MSK::ServerlessCluster"));
  }

  @Test
  void networkReachesS3AndDynamoDbThroughGatewayEndpointsOnly() {
    data.resourceCountIs("AWS::EC2::NatGateway", 0);
    JsonNode endpoints = result.json(data).path("Resources");
    List<String> services = new ArrayList<>();
    endpoints.forEach(
        resource -> {
          if (resource.path("Type").asText().equals("AWS::EC2::VPCEndpoint")) {
            services.add(
                resource.path("Properties").path("VpcEndpointType").asText()
                    + " "
                    + resource.path("Properties").path("ServiceName").toString());
          }
        });
    // Provisioned event pollers need no Lambda or STS endpoint (profile small adds them:
    // ProfilesTest).
    assertThat(services)
        .hasSize(2)
        .allMatch(s -> s.startsWith("Gateway"))
        .anyMatch(s -> s.contains(".s3"))
        .anyMatch(s -> s.contains(".dynamodb"));
    data.hasResourceProperties(
        "AWS::EC2::FlowLog", Map.of("LogDestinationType", "s3", "TrafficType", "REJECT"));
  }

  @Test
  void outputsNameTheCdnAndTheBuckets() {
    data.hasOutput(
        "CdnUrl",
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
                            List.of(logicalId("AWS::CloudFront::Distribution"), "DomainName")))))));
    data.hasOutput("ModelsBucketName", Match.anyValue());
    data.hasOutput("CdnBucketName", Match.anyValue());
    data.hasOutput("KafkaBootstrapServers", Match.anyValue());
    data.hasOutput("TrainerSecurityGroupId", Match.anyValue());
  }

  @Test
  void dataStackIsProtectedFromDeletion() {
    assertThat(result.stack(result.deployment().data()).getTerminationProtection()).isTrue();
  }

  private String logicalId(String type) {
    Map<String, Map<String, Object>> found = data.findResources(type);
    assertThat(found).as(type).hasSize(1);
    return found.keySet().iterator().next();
  }
}
