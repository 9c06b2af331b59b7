package dev.aisle.infra.data;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.KafkaMode;
import dev.aisle.infra.config.LogRetention;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.msk.CfnCluster;
import software.amazon.awscdk.services.msk.CfnConfiguration;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.amazon.awscdk.services.msk.CfnTopic;
import software.constructs.Construct;

/**
 * The Kafka cluster (IAM authentication only, TLS, private subnets) and the ARNs that IAM policies
 * name: cluster, topics and consumer groups. Two kinds, chosen by {@code aisle:kafka}:
 *
 * <ul>
 *   <li>MSK Serverless (profile standard): no brokers to size; about $0.75 an hour whether used or
 *       not. It has no topic API, so the functions create their topics at start ({@code
 *       AISLE_PROVISION_TOPICS}).
 *   <li>Provisioned (profiles small and large): Standard brokers, one per Availability Zone by
 *       default, encrypted at rest and in transit, broker logs in CloudWatch. The topics are
 *       CloudFormation resources ({@code AWS::MSK::Topic}, Kafka 3.6 or later), so they exist
 *       before any function starts and the functions need no right to create topics.
 * </ul>
 *
 * <p>CloudFormation has no attribute for a cluster's bootstrap servers, so a custom resource asks
 * {@code kafka:GetBootstrapBrokers} once per deployment (the same call for both kinds).
 */
public final class Kafka extends Construct {

  private final String clusterArn;
  private final String clusterName;
  private final String bootstrapServers;
  private final boolean topicsDeclared;

  /** The two topics of the product: interactions and the stream's dead letters. */
  public record Topics(String interactions, String deadLetters) {}

  public Kafka(
      Construct scope,
      String id,
      DeployConfig config,
      String clusterName,
      Topics topics,
      Vpc vpc,
      SubnetSelection subnets,
      ISecurityGroup securityGroup) {
    super(scope, id);
    this.clusterName = clusterName;
    List<String> subnetIds = vpc.selectSubnets(subnets).getSubnetIds();
    if (config.kafka().mode() == KafkaMode.PROVISIONED) {
      clusterArn = provisioned(config, subnetIds, securityGroup);
      declareTopics(config.kafka(), topics);
      topicsDeclared = true;
    } else {
      clusterArn = serverless(subnetIds, securityGroup);
      topicsDeclared = false;
    }
    bootstrapServers = lookUpBootstrapServers(config.logRetentionDays());
  }

  private String serverless(List<String> subnetIds, ISecurityGroup securityGroup) {
    return CfnServerlessCluster.Builder.create(this, "Cluster")
        .clusterName(clusterName)
        .clientAuthentication(
            CfnServerlessCluster.ClientAuthenticationProperty.builder()
                .sasl(
                    CfnServerlessCluster.SaslProperty.builder()
                        .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                        .build())
                .build())
        .vpcConfigs(
            List.of(
                CfnServerlessCluster.VpcConfigProperty.builder()
                    .subnetIds(subnetIds)
                    .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                    .build()))
        .build()
        .getAttrArn();
  }

  private String provisioned(
      DeployConfig config, List<String> subnetIds, ISecurityGroup securityGroup) {
    DeployConfig.Kafka kafka = config.kafka();
    CfnConfiguration settings =
        CfnConfiguration.Builder.create(this, "Configuration")
            .name(clusterName + "-settings")
            .description(
                "Aisle: topics are declared by the deployment; durability follows the broker count")
            .serverProperties(serverProperties(kafka))
            .build();
    LogGroup brokerLogs =
        LogGroup.Builder.create(this, "BrokerLogs")
            .retention(LogRetention.of(config.logRetentionDays()))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    return CfnCluster.Builder.create(this, "Cluster")
        .clusterName(clusterName)
        .kafkaVersion(kafka.version())
        .numberOfBrokerNodes(kafka.brokers())
        .brokerNodeGroupInfo(
            CfnCluster.BrokerNodeGroupInfoProperty.builder()
                .instanceType(kafka.brokerType())
                .clientSubnets(subnetIds)
                .securityGroups(List.of(securityGroup.getSecurityGroupId()))
                .storageInfo(
                    CfnCluster.StorageInfoProperty.builder()
                        .ebsStorageInfo(
                            CfnCluster.EBSStorageInfoProperty.builder()
                                .volumeSize(kafka.brokerStorageGiB())
                                .build())
                        .build())
                .build())
        .clientAuthentication(
            CfnCluster.ClientAuthenticationProperty.builder()
                .sasl(
                    CfnCluster.SaslProperty.builder()
                        .iam(CfnCluster.IamProperty.builder().enabled(true).build())
                        .build())
                .unauthenticated(
                    CfnCluster.UnauthenticatedProperty.builder().enabled(false).build())
                .build())
        // At rest: the AWS managed key of MSK (the default); in transit: TLS only, also between
        // brokers.
        .encryptionInfo(
            CfnCluster.EncryptionInfoProperty.builder()
                .encryptionInTransit(
                    CfnCluster.EncryptionInTransitProperty.builder()
                        .clientBroker("TLS")
                        .inCluster(true)
                        .build())
                .build())
        .configurationInfo(
            CfnCluster.ConfigurationInfoProperty.builder()
                .arn(settings.getAttrArn())
                .revision(settings.getAttrLatestRevisionRevision())
                .build())
        .loggingInfo(
            CfnCluster.LoggingInfoProperty.builder()
                .brokerLogs(
                    CfnCluster.BrokerLogsProperty.builder()
                        .cloudWatchLogs(
                            CfnCluster.CloudWatchLogsProperty.builder()
                                .enabled(true)
                                .logGroup(brokerLogs.getLogGroupName())
                                .build())
                        .build())
                .build())
        .enhancedMonitoring("DEFAULT")
        .build()
        .getAttrArn();
  }

  /**
   * Broker settings. With two brokers a record is on both; one broker may restart (maintenance)
   * without refusing writes. A write the brokers lose is not lost to Aisle: the events table is the
   * source of truth and the api's outbox republishes what Kafka did not acknowledge.
   */
  static String serverProperties(DeployConfig.Kafka kafka) {
    return String.join(
            "\n",
            "auto.create.topics.enable=false",
            "default.replication.factor=" + kafka.replicationFactor(),
            "min.insync.replicas=" + Math.max(1, kafka.replicationFactor() - 1),
            "num.partitions=" + kafka.interactionPartitions(),
            "unclean.leader.election.enable=false",
            "log.retention.hours=" + kafka.retentionHours())
        + "\n";
  }

  private void declareTopics(DeployConfig.Kafka kafka, Topics topics) {
    CfnTopic.Builder.create(this, "InteractionsTopic")
        .clusterArn(clusterArn)
        .topicName(topics.interactions())
        .partitionCount(kafka.interactionPartitions())
        .replicationFactor(kafka.replicationFactor())
        .build();
    CfnTopic.Builder.create(this, "DeadLetterTopic")
        .clusterArn(clusterArn)
        .topicName(topics.deadLetters())
        .partitionCount(1)
        .replicationFactor(kafka.replicationFactor())
        .build();
  }

  private String lookUpBootstrapServers(int logRetentionDays) {
    AwsSdkCall getBootstrapBrokers =
        AwsSdkCall.builder()
            .service("Kafka")
            .action("getBootstrapBrokers")
            .parameters(Map.of("ClusterArn", clusterArn))
            .physicalResourceId(PhysicalResourceId.of(clusterArn))
            .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
            .build();
    AwsCustomResource brokers =
        AwsCustomResource.Builder.create(this, "BootstrapBrokers")
            .onCreate(getBootstrapBrokers)
            .onUpdate(getBootstrapBrokers)
            .policy(
                AwsCustomResourcePolicy.fromSdkCalls(
                    SdkCallsPolicyOptions.builder().resources(List.of(clusterArn)).build()))
            // The SDK of the Node.js runtime has the Kafka client: no download at deploy time.
            .installLatestAwsSdk(false)
            .logGroup(
                LogGroup.Builder.create(this, "BootstrapBrokersLogs")
                    .retention(LogRetention.of(logRetentionDays))
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build())
            .build();
    return brokers.getResponseField("BootstrapBrokerStringSaslIam");
  }

  public String clusterArn() {
    return clusterArn;
  }

  public String clusterName() {
    return clusterName;
  }

  /** host:port list for clients that authenticate with IAM (port 9098). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Whether the deployment declares the topics (provisioned) or the functions create them
   * (serverless).
   */
  public boolean topicsDeclared() {
    return topicsDeclared;
  }

  /** Data-plane ARN of a topic: {@code arn:…:topic/<cluster name>/<cluster uuid>/<topic>}. */
  public static String topicArn(String clusterArn, String topic) {
    return dataPlaneArn(clusterArn, "topic", topic);
  }

  /**
   * Data-plane ARN of a consumer group: {@code arn:…:group/<cluster name>/<cluster uuid>/<group>}.
   */
  public static String groupArn(String clusterArn, String group) {
    return dataPlaneArn(clusterArn, "group", group);
  }

  /**
   * The cluster ARN is {@code arn:…:cluster/<name>/<uuid>}; topics and groups reuse name and uuid.
   */
  private static String dataPlaneArn(String clusterArn, String kind, String name) {
    List<String> parts = Fn.split("/", clusterArn, 3);
    return Fn.join(
        "",
        List.of(
            "arn:",
            Aws.PARTITION,
            ":kafka:",
            Aws.REGION,
            ":",
            Aws.ACCOUNT_ID,
            ":",
            kind,
            "/",
            Fn.select(1, parts),
            "/",
            Fn.select(2, parts),
            "/",
            name));
  }
}
