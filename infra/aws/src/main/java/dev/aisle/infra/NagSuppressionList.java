package dev.aisle.infra;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.data.Buckets;
import dev.aisle.infra.data.DataStack;
import dev.aisle.infra.service.ServiceStack;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Every accepted cdk-nag AwsSolutions finding, each with the reason it is accepted. Anything not
 * listed here fails synthesis. Wildcards in IAM resources are accepted one by one ({@code
 * appliesTo}), never for a whole rule.
 */
final class NagSuppressionList {

  /** The singleton function CDK's AwsCustomResource runs on (a fixed id inside aws-cdk-lib). */
  private static final String AWS_CUSTOM_RESOURCE_PROVIDER = "AWS679f53fac002430cb0da5b7982bd2287";

  private NagSuppressionList() {}

  static void apply(DeployConfig config, DataStack data, ServiceStack service) {
    dataStack(config, data);
    serviceStack(config, data, service);
  }

  private static void dataStack(DeployConfig config, DataStack data) {
    suppress(
        data.getNode().findChild(AWS_CUSTOM_RESOURCE_PROVIDER),
        finding(
            "AwsSolutions-IAM4",
            "CDK's provider function for the one kafka:GetBootstrapBrokers call per deployment:"
                + " the AWS managed basic execution policy only lets it write its own logs",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    if (config.cdn().domainName().isEmpty()) {
      suppress(
          data.cdn().distribution(),
          finding(
              "AwsSolutions-CFR4",
              "The default *.cloudfront.net certificate cannot raise the minimum TLS version; set aisle:cdnDomainName"
                  + " and aisle:cdnCertificateArn to serve with TLSv1.2_2021"));
    }
    if (config.cdn().webAclArn().isEmpty()) {
      suppress(
          data.cdn().distribution(),
          finding(
              "AwsSolutions-CFR2",
              "The CDN serves public, cacheable JSON read through Origin Access Control; a web ACL costs per month and"
                  + " per request, so it is opt-in (aisle:cdnWebAclArn)"));
    }
    if (config.cdn().allowedCountries().isEmpty()) {
      suppress(
          data.cdn().distribution(),
          finding(
              "AwsSolutions-CFR1",
              "Shops sell where they choose; aisle:cdnAllowedCountries restricts the CDN to a country allow-list"));
    }
    // cdk-nag cannot evaluate a CIDR given as {Fn::GetAtt: [Vpc, CidrBlock]}.
    suppress(
        data.network().vpc(),
        finding(
            "CdkNagValidationFailure",
            "AwsSolutions-EC23 cannot resolve the interface endpoints' ingress source: it is the VPC's own CIDR, not the"
                + " internet"));
  }

  private static void serviceStack(DeployConfig config, DataStack data, ServiceStack service) {
    RegexAppliesTo modelObjects = objectArn(data, data.buckets().models(), "models/*");
    RegexAppliesTo snapshotObjects =
        objectArn(data, data.buckets().models(), Buckets.SNAPSHOTS_PREFIX + "*");
    RegexAppliesTo cdnObjects = objectArn(data, data.buckets().cdn(), "v1/*");
    String objectsReason =
        "Objects under the key prefix the product writes (models/<version>/…, snapshots/<version>/…,"
            + " v1/…): names are chosen at run time";
    String networkInterfacesReason =
        "Lambda in a VPC and the MSK event source manage network interfaces whose ids"
            + " exist only at run time; the ec2:Describe* actions have no resource-level permissions";

    suppress(
        service.api().role(),
        finding("AwsSolutions-IAM5", networkInterfacesReason, "Resource::*"),
        finding("AwsSolutions-IAM5", objectsReason, modelObjects, cdnObjects));
    suppress(
        service.stream().role(),
        finding("AwsSolutions-IAM5", networkInterfacesReason, "Resource::*"),
        finding("AwsSolutions-IAM5", objectsReason, modelObjects, snapshotObjects));
    suppress(
        service.erasureSalt(),
        finding(
            "AwsSolutions-SMG4",
            "The salt of the shopper-id hash in erasure records and tombstones, not a credential: a new value would"
                + " orphan every live tombstone, so it is not rotated"));
    service
        .trainer()
        .ifPresent(
            trainer -> {
              suppress(
                  trainer.taskRole(),
                  finding(
                      "AwsSolutions-IAM5",
                      objectsReason,
                      modelObjects,
                      snapshotObjects,
                      cdnObjects));
              suppress(
                  trainer.task().obtainExecutionRole(),
                  finding(
                      "AwsSolutions-IAM5",
                      "ecr:GetAuthorizationToken has no resource-level permissions (image pulls are"
                          + " limited to the CDK assets repository)",
                      "Resource::*"));
              suppress(
                  trainer.task(),
                  finding(
                      "AwsSolutions-ECS2",
                      "The environment holds only resource names and the distribution id, no secrets"));
            });
    service
        .emrTrainer()
        .ifPresent(
            emr ->
                suppress(
                    emr.jobRole(),
                    finding(
                        "AwsSolutions-IAM5",
                        objectsReason,
                        modelObjects,
                        snapshotObjects,
                        cdnObjects),
                    finding(
                        "AwsSolutions-IAM5",
                        "EMR Serverless checks that the job's log group exists with logs:DescribeLogGroups,"
                            + " which has no resource-level permission below log-group:*; the job writes only its own group's streams",
                        RegexAppliesTo.builder()
                            .regex(
                                "/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\*$/")
                            .build())));

    suppress(
        service.getNode().findChild(AWS_CUSTOM_RESOURCE_PROVIDER),
        finding(
            "AwsSolutions-IAM4",
            "CDK's provider function for the one ssm:GetParameter call per deployment (the"
                + " web ACL's ARN from us-east-1): the AWS managed basic execution policy only lets it write its own logs",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    service
        .apiDistribution()
        .originSecrets()
        .forEach(
            secret ->
                suppress(
                    secret,
                    finding(
                        "AwsSolutions-SMG4",
                        "The origin secret only proves a request came through CloudFront; it rotates by deployment"
                            + " (aisle:originSecretGeneration: CloudFront sends the new value while the api accepts both)")));
    service
        .shopperTokens()
        .ifPresent(
            tokens ->
                suppress(
                    tokens.secret(),
                    finding(
                        "AwsSolutions-SMG4",
                        "Backends read the shopper token secret as it is; it rotates by putting a 'new,old' value and deploying with"
                            + " aisle:shopperTokenSecretVersion (docs/privacy.md), which a rotation Lambda could not coordinate")));
    if (config.apiEdge().domainName().isEmpty()) {
      suppress(
          service.apiDistribution().distribution(),
          finding(
              "AwsSolutions-CFR4",
              "The default *.cloudfront.net certificate cannot raise the minimum TLS version; set aisle:apiDomainName"
                  + " and aisle:apiCertificateArn to serve the api with TLSv1.2_2021"));
    }
    if (config.cdn().allowedCountries().isEmpty()) {
      suppress(
          service.apiDistribution().distribution(),
          finding(
              "AwsSolutions-CFR1",
              "Shops sell where they choose; aisle:cdnAllowedCountries restricts both distributions to a country"
                  + " allow-list"));
    }
    if (config.functions().build() == DeployConfig.FunctionBuild.JVM
        && !config.functions().javaRuntime().equals("java25")) {
      String runtimeReason =
          "java21 (supported until 2029) runs the Java 17 build with SnapStart;"
              + " aisle:javaRuntime=java25 selects the newest Java runtime";
      suppress(service.api().function(), finding("AwsSolutions-L1", runtimeReason));
      suppress(service.stream().function(), finding("AwsSolutions-L1", runtimeReason));
    }
    if (!config.api().protectReads()) {
      service
          .front()
          .routes()
          .forEach(
              (route, httpRoute) -> {
                if (!route.write()) {
                  suppress(
                      httpRoute,
                      finding(
                          "AwsSolutions-APIG4",
                          "Read routes are public by design (storefronts call"
                              + " them from browsers) and throttled; aisle:protectReads=true puts them behind the authorizer"));
                }
              });
    }
  }

  /**
   * An object ARN pattern of a bucket in the data stack, as a cdk-nag finding: the bucket's ARN is
   * printed either as {@code <LogicalId.Arn>} or as the cross-stack reference that carries the
   * logical id, so the pattern matches the logical id and the key pattern.
   */
  private static RegexAppliesTo objectArn(Stack stack, IConstruct bucket, String keyPattern) {
    String logicalId = stack.getLogicalId((CfnElement) bucket.getNode().getDefaultChild());
    String key = keyPattern.replace("/", "\\/").replace("*", "\\*");
    return RegexAppliesTo.builder()
        .regex("/^Resource::.*" + logicalId + "[^/]*\\/" + key + "$/")
        .build();
  }

  private static NagPackSuppression finding(String id, String reason, Object... appliesTo) {
    NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
    if (appliesTo.length > 0) {
      builder.appliesTo(new ArrayList<>(List.of(appliesTo)));
    }
    return builder.build();
  }

  private static void suppress(IConstruct construct, NagPackSuppression... findings) {
    NagSuppressions.addResourceSuppressions(construct, List.of(findings), true);
  }
}
