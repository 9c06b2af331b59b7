package dev.aisle.infra.data;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.constructs.Construct;

/**
 * The MSK Serverless cluster (IAM authentication only, private subnets) and the ARNs that IAM
 * policies name: cluster, topics and consumer groups.
 *
 * <p>CloudFormation has no attribute for a serverless cluster's bootstrap servers, so a custom
 * resource asks {@code kafka:GetBootstrapBrokers} once per deployment. Topics have no CloudFormation
 * resource at all: the functions create theirs at start ({@code AISLE_PROVISION_TOPICS}).
 */
public final class Kafka extends Construct {

  private final CfnServerlessCluster cluster;
  private final String clusterName;
  private final String bootstrapServers;

  public Kafka(Construct scope, String id, String clusterName, Vpc vpc, SubnetSelection subnets,
      ISecurityGroup securityGroup) {
    super(scope, id);
    this.clusterName = clusterName;
    cluster = CfnServerlessCluster.Builder.create(this, "Cluster")
        .clusterName(clusterName)
        .clientAuthentication(CfnServerlessCluster.ClientAuthenticationProperty.builder()
            .sasl(CfnServerlessCluster.SaslProperty.builder()
                .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                .build())
            .build())
        .vpcConfigs(List.of(CfnServerlessCluster.VpcConfigProperty.builder()
            .subnetIds(vpc.selectSubnets(subnets).getSubnetIds())
            .securityGroups(List.of(securityGroup.getSecurityGroupId()))
            .build()))
        .build();

    String clusterArn = cluster.getAttrArn();
    AwsSdkCall getBootstrapBrokers = AwsSdkCall.builder()
        .service("Kafka")
        .action("getBootstrapBrokers")
        .parameters(Map.of("ClusterArn", clusterArn))
        .physicalResourceId(PhysicalResourceId.of(clusterArn))
        .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
        .build();
    AwsCustomResource brokers = AwsCustomResource.Builder.create(this, "BootstrapBrokers")
        .onCreate(getBootstrapBrokers)
        .onUpdate(getBootstrapBrokers)
        .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
            .resources(List.of(clusterArn)).build()))
        // The SDK of the Node.js runtime has the Kafka client: no download at deploy time.
        .installLatestAwsSdk(false)
        .build();
    bootstrapServers = brokers.getResponseField("BootstrapBrokerStringSaslIam");
  }

  public String clusterArn() {
    return cluster.getAttrArn();
  }

  public String clusterName() {
    return clusterName;
  }

  /** host:port list for clients that authenticate with IAM (port 9098). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Data-plane ARN of a topic: {@code arn:…:topic/<cluster name>/<cluster uuid>/<topic>}. */
  public static String topicArn(String clusterArn, String topic) {
    return dataPlaneArn(clusterArn, "topic", topic);
  }

  /** Data-plane ARN of a consumer group: {@code arn:…:group/<cluster name>/<cluster uuid>/<group>}. */
  public static String groupArn(String clusterArn, String group) {
    return dataPlaneArn(clusterArn, "group", group);
  }

  /** The cluster ARN is {@code arn:…:cluster/<name>/<uuid>}; topics and groups reuse name and uuid. */
  private static String dataPlaneArn(String clusterArn, String kind, String name) {
    List<String> parts = Fn.split("/", clusterArn, 3);
    return Fn.join("", List.of(
        "arn:", Aws.PARTITION, ":kafka:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":", kind, "/",
        Fn.select(1, parts), "/", Fn.select(2, parts), "/", name));
  }
}
