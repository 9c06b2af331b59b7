package dev.aisle.infra.data;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.storage.AisleSettings;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * What holds state or takes long to create, and changes rarely: network, Kafka cluster, tables,
 * buckets and the CDN. Deleting the service stack never touches it; with {@code aisle:retainData}
 * (default) it is protected from deletion and keeps tables and buckets even when deleted.
 */
public final class DataStack extends Stack {

  /** Topic names are the product's defaults (functions and trainer agree on them). */
  public static final AisleSettings TOPICS = AisleSettings.fromEnv(Map.of());

  private final Network network;
  private final Tables tables;
  private final Buckets buckets;
  private final Kafka kafka;
  private final Cdn cdn;

  public DataStack(Construct scope, String id, StackProps props, DeployConfig config) {
    super(scope, id, props);
    buckets =
        new Buckets(
            this, "Buckets", config.retainData(), config.cdn().modelVersionsRetentionDays());
    network =
        new Network(
            this,
            "Network",
            config.egress(),
            config.endpointAzs(),
            !config.streamSource().provisioned(),
            buckets.logs());
    tables = new Tables(this, "Tables", config.retainData(), config.tables());
    kafka =
        new Kafka(
            this,
            "Kafka",
            config,
            config.stackPrefix().toLowerCase() + "-interactions",
            new Kafka.Topics(TOPICS.interactionsTopic(), TOPICS.deadLetterTopic()),
            network.vpc(),
            network.privateSubnets(),
            network.kafkaClusterSecurityGroup());
    cdn = new Cdn(this, "Cdn", config.cdn(), buckets.cdn(), buckets.logs());

    output("CdnUrl", cdn.url(), "Base URL of the precomputed recommendations (v1/popular.json, …)");
    output(
        "ModelsBucketName",
        buckets.models().getBucketName(),
        "Models bucket (models/<version>/, models/CURRENT)");
    output(
        "CdnBucketName", buckets.cdn().getBucketName(), "CDN bucket (v1/…), served by CloudFront");
    output(
        "CdnDistributionId",
        cdn.distribution().getDistributionId(),
        "CloudFront distribution of the CDN bucket");
    output(
        "KafkaClusterArn",
        kafka.clusterArn(),
        "MSK cluster (" + config.kafka().mode().name().toLowerCase() + ")");
    output(
        "KafkaBootstrapServers",
        kafka.bootstrapServers(),
        "Bootstrap servers (IAM authentication, port 9098)");
    output("EventsTableName", tables.events().getTableName(), "DynamoDB events table");
    output("ItemsTableName", tables.items().getTableName(), "DynamoDB items table");
    output("UsersTableName", tables.users().getTableName(), "DynamoDB users table");
    output(
        "TrainerSubnetIds",
        Fn.join(",", network.vpc().selectSubnets(network.trainerSubnets()).getSubnetIds()),
        "Subnets for aws ecs run-task of the trainer");
    output(
        "TrainerSecurityGroupId",
        network.trainerSecurityGroup().getSecurityGroupId(),
        "Security group for aws ecs run-task of the trainer");
    output("UserStateTableName", tables.userState().getTableName(), "DynamoDB user-state table");
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  public Network network() {
    return network;
  }

  public Tables tables() {
    return tables;
  }

  public Buckets buckets() {
    return buckets;
  }

  public Kafka kafka() {
    return kafka;
  }

  public Cdn cdn() {
    return cdn;
  }
}
