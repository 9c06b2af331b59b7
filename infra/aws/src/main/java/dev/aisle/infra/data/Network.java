package dev.aisle.infra.data;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.Egress;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The VPC that MSK needs, and how the rest reaches AWS from it.
 *
 * <ul>
 *   <li>Private subnets hold the Kafka cluster and the two functions. S3 and DynamoDB are reached
 *       through free gateway endpoints. Provisioned event pollers need nothing else; on-demand
 *       pollers also call Lambda and STS: through interface endpoints ({@link Egress#ENDPOINTS}, in
 *       one or both zones) or one NAT gateway ({@link Egress#NAT}).
 *   <li>Public subnets hold only the trainer task (no inbound rule, public IP for egress): it pulls
 *       its image from ECR, writes CloudWatch Logs and calls CloudFront, which has no VPC endpoint.
 *       That keeps a NAT gateway out of every profile.
 * </ul>
 */
public final class Network extends Construct {

  /** MSK with IAM authentication (serverless and provisioned) listens on this port. */
  public static final int KAFKA_IAM_PORT = 9098;

  private final Vpc vpc;
  private final SecurityGroup kafkaCluster;
  private final SecurityGroup kafkaClients;
  private final SecurityGroup trainer;
  private final Egress egress;

  /**
   * @param endpointAzs zones that get the interface endpoints: one is enough for a small shop (if
   *     that zone fails, on-demand pollers pause until it is back; nothing is lost)
   * @param pollersCallAwsApis on-demand event pollers, which reach Lambda and STS over HTTPS
   */
  public Network(
      Construct scope,
      String id,
      Egress egress,
      int endpointAzs,
      boolean pollersCallAwsApis,
      IBucket flowLogBucket) {
    super(scope, id);
    this.egress = egress;
    SubnetType privateType =
        egress == Egress.NAT ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED;
    vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
            // MSK needs subnets in at least two Availability Zones.
            .maxAzs(DeployConfig.AVAILABILITY_ZONES)
            .natGateways(egress == Egress.NAT ? 1 : 0)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(privateType)
                        .cidrMask(20)
                        .build()))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                        GatewayVpcEndpointOptions.builder()
                            .service(GatewayVpcEndpointAwsService.S3)
                            .build(),
                    "DynamoDb",
                        GatewayVpcEndpointOptions.builder()
                            .service(GatewayVpcEndpointAwsService.DYNAMODB)
                            .build()))
            .flowLogs(
                Map.of(
                    "Rejected",
                    FlowLogOptions.builder()
                        .destination(FlowLogDestination.toS3(flowLogBucket, "vpc-flow-logs/"))
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build()))
            .build();

    kafkaCluster =
        SecurityGroup.Builder.create(this, "KafkaClusterSecurityGroup")
            .vpc(vpc)
            .description("MSK cluster and the Lambda event source pollers that share it")
            .allowAllOutbound(false)
            .build();
    kafkaClients =
        SecurityGroup.Builder.create(this, "KafkaClientSecurityGroup")
            .vpc(vpc)
            .description(
                "Aisle functions: Kafka clients that reach S3 and DynamoDB through gateway endpoints")
            .allowAllOutbound(false)
            .build();
    trainer =
        SecurityGroup.Builder.create(this, "TrainerSecurityGroup")
            .vpc(vpc)
            .description("Aisle trainer task: no inbound; HTTPS out to AWS APIs")
            .allowAllOutbound(false)
            .build();

    kafkaCluster.addIngressRule(
        kafkaClients, Port.tcp(KAFKA_IAM_PORT), "Kafka (IAM) from the functions");
    // The MSK event source runs its pollers with the cluster's own security group.
    kafkaCluster.addIngressRule(
        kafkaCluster, Port.tcp(KAFKA_IAM_PORT), "Kafka (IAM) from event source pollers");
    kafkaCluster.addEgressRule(kafkaCluster, Port.tcp(KAFKA_IAM_PORT), "Pollers to the brokers");
    kafkaClients.addEgressRule(kafkaCluster, Port.tcp(KAFKA_IAM_PORT), "Functions to the brokers");

    // HTTPS to AWS APIs: gateway endpoints (S3, DynamoDB), interface endpoints or the NAT gateway.
    // The private subnets have no route to the internet unless egress is NAT.
    kafkaClients.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs");
    if (pollersCallAwsApis) {
      kafkaCluster.addEgressRule(
          Peer.anyIpv4(), Port.tcp(443), "On-demand pollers to Lambda and STS");
    }
    trainer.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs and ECR");

    if (egress == Egress.ENDPOINTS) {
      // What on-demand MSK event pollers need besides the brokers (AWS: "Lambda and STS endpoints
      // or NAT").
      SubnetSelection endpointSubnets =
          SubnetSelection.builder()
              .subnets(vpc.selectSubnets(privateSubnets()).getSubnets().subList(0, endpointAzs))
              .build();
      vpc.addInterfaceEndpoint(
          "Lambda",
          InterfaceVpcEndpointOptions.builder()
              .service(InterfaceVpcEndpointAwsService.LAMBDA)
              .subnets(endpointSubnets)
              .build());
      vpc.addInterfaceEndpoint(
          "Sts",
          InterfaceVpcEndpointOptions.builder()
              .service(InterfaceVpcEndpointAwsService.STS)
              .subnets(endpointSubnets)
              .build());
    }
  }

  public Vpc vpc() {
    return vpc;
  }

  public SubnetSelection privateSubnets() {
    return SubnetSelection.builder()
        .subnetType(
            egress == Egress.NAT ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED)
        .build();
  }

  /**
   * Where the trainer runs: public subnets with a public IP, or private ones behind the NAT
   * gateway.
   */
  public SubnetSelection trainerSubnets() {
    return SubnetSelection.builder()
        .subnetType(trainerHasPublicIp() ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS)
        .build();
  }

  public boolean trainerHasPublicIp() {
    return egress != Egress.NAT;
  }

  public SecurityGroup kafkaClusterSecurityGroup() {
    return kafkaCluster;
  }

  public SecurityGroup kafkaClientSecurityGroup() {
    return kafkaClients;
  }

  public SecurityGroup trainerSecurityGroup() {
    return trainer;
  }
}
