package dev.aisle.infra.access;

import dev.aisle.infra.data.Kafka;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * The IAM statements Aisle's functions and tasks get: named actions (never a wildcard) on the exact
 * tables, indexes, object prefixes, topics and consumer groups they use.
 *
 * <p>CDK's {@code grantReadData}/{@code grantRead} helpers would give wildcard actions ({@code
 * s3:GetObject*}, {@code s3:List*}) and every index ({@code index/*}); these give only what the
 * product's code calls. The one statement on {@code *} is {@link #vpcNetworkInterfaces}, where AWS
 * requires it.
 */
public final class Permissions {

  private Permissions() {}

  /** GetItem, BatchGetItem and Query on the table and the named indexes. */
  public static void readItems(IGrantable grantee, ITable table, String... indexes) {
    allow(
        grantee,
        tableAndIndexes(table, indexes),
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query");
  }

  /** Scan of the whole table (the trainer's export). */
  public static void scan(IGrantable grantee, ITable table) {
    allow(grantee, List.of(table.getTableArn()), "dynamodb:Scan");
  }

  /** PutItem (conditional puts too), BatchWriteItem, UpdateItem and DeleteItem on the table. */
  public static void writeItems(IGrantable grantee, ITable table) {
    allow(
        grantee,
        List.of(table.getTableArn()),
        "dynamodb:PutItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem");
  }

  /**
   * Exactly these DynamoDB actions on the table (no index): for roles that need less than read or
   * write.
   */
  public static void itemActions(IGrantable grantee, ITable table, String... actions) {
    allow(grantee, List.of(table.getTableArn()), actions);
  }

  /**
   * GetObject under a key prefix, and ListBucket on the bucket: without it S3 answers a missing key
   * with 403 instead of 404, and the product treats "no model yet" as a normal state.
   */
  public static void readObjects(IGrantable grantee, IBucket bucket, String prefix) {
    allow(grantee, List.of(bucket.arnForObjects(prefix + "*")), "s3:GetObject");
    allow(grantee, List.of(bucket.getBucketArn()), "s3:ListBucket");
  }

  /** PutObject, DeleteObject and AbortMultipartUpload under a key prefix. */
  public static void writeObjects(IGrantable grantee, IBucket bucket, String prefix) {
    allow(
        grantee,
        List.of(bucket.arnForObjects(prefix + "*")),
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload");
  }

  /** Connect to the cluster with IAM authentication. */
  public static void kafkaConnect(IGrantable grantee, String clusterArn) {
    allow(grantee, List.of(clusterArn), "kafka-cluster:Connect", "kafka-cluster:DescribeCluster");
  }

  /** Idempotent produce to the topics (the product's producer enables idempotence). */
  public static void kafkaProduce(IGrantable grantee, String clusterArn, String... topics) {
    allow(grantee, List.of(clusterArn), "kafka-cluster:WriteDataIdempotently");
    allow(
        grantee,
        topicArns(clusterArn, topics),
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:WriteData");
  }

  /** Create the topics when missing (MSK Serverless has no CloudFormation topic resource). */
  public static void kafkaCreateTopics(IGrantable grantee, String clusterArn, String... topics) {
    allow(
        grantee,
        topicArns(clusterArn, topics),
        "kafka-cluster:CreateTopic",
        "kafka-cluster:DescribeTopic");
  }

  /** What a Lambda event source mapping consumes with, as the function's role. */
  public static void kafkaConsume(
      IGrantable grantee, String clusterArn, String topic, String group) {
    allow(
        grantee,
        List.of(clusterArn),
        "kafka:DescribeClusterV2",
        "kafka:GetBootstrapBrokers",
        "kafka-cluster:DescribeClusterDynamicConfiguration");
    allow(
        grantee,
        topicArns(clusterArn, topic),
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:ReadData");
    allow(
        grantee,
        List.of(Kafka.groupArn(clusterArn, group)),
        "kafka-cluster:DescribeGroup",
        "kafka-cluster:AlterGroup");
  }

  /**
   * Elastic network interfaces for a function in a VPC (and for an MSK event source's pollers).
   * Resource {@code *} is required: the Describe actions have no resource-level permissions, and
   * Lambda names the interfaces it creates and deletes at run time.
   */
  public static void vpcNetworkInterfaces(IGrantable grantee) {
    allow(
        grantee,
        List.of("*"),
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcs");
  }

  private static List<String> tableAndIndexes(ITable table, String... indexes) {
    List<String> arns = new ArrayList<>();
    arns.add(table.getTableArn());
    for (String index : indexes) {
      arns.add(table.getTableArn() + "/index/" + index);
    }
    return arns;
  }

  private static List<String> topicArns(String clusterArn, String... topics) {
    return java.util.Arrays.stream(topics).map(topic -> Kafka.topicArn(clusterArn, topic)).toList();
  }

  private static void allow(IGrantable grantee, List<String> resources, String... actions) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(resources)
                .build());
  }
}
