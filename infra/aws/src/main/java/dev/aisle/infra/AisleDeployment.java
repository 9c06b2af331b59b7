package dev.aisle.infra;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.data.DataStack;
import dev.aisle.infra.edge.EdgeStack;
import dev.aisle.infra.service.ServiceStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * One deployment of Aisle in an app: the data stack, the edge stack (the api's WAF web ACL, in
 * us-east-1 as CloudFront requires), the service stack that depends on both, and the AwsSolutions
 * rules of cdk-nag over all three (an unsuppressed finding fails {@code cdk synth}).
 *
 * <p>Data and service stacks are environment-agnostic: {@code cdk deploy} puts them in the account
 * and region of the credentials it runs with, and synthesis needs no AWS lookups (works offline).
 * The edge stack has its region fixed and its account agnostic.
 */
public record AisleDeployment(
    DeployConfig config, DataStack data, EdgeStack edge, ServiceStack service) {

  public static AisleDeployment create(App app) {
    DeployConfig config = DeployConfig.fromContext(app.getNode()::tryGetContext);
    String profile = " (profile " + config.profile().contextName() + ")";
    DataStack data =
        new DataStack(
            app,
            config.stackPrefix() + "-Data",
            StackProps.builder()
                .description("Aisle data: VPC, MSK, DynamoDB tables, buckets, CloudFront" + profile)
                .terminationProtection(config.retainData())
                .build(),
            config);
    EdgeStack edge =
        new EdgeStack(
            app,
            config.stackPrefix() + "-Edge",
            StackProps.builder()
                .description(
                    "Aisle edge: the api's AWS WAF web ACL (CloudFront scope, us-east-1)" + profile)
                .env(Environment.builder().region(EdgeStack.REGION).build())
                .build(),
            config);
    ServiceStack service =
        new ServiceStack(
            app,
            config.stackPrefix() + "-Service",
            StackProps.builder()
                .description(
                    "Aisle service: api and stream functions, HTTP API behind CloudFront, trainer schedule,"
                        + " alarms"
                        + profile)
                .build(),
            config,
            data);
    service.addStackDependency(
        edge, "the service stack reads the web ACL's ARN from us-east-1 when it deploys");
    Tags.of(app).add("project", "aisle");
    Tags.of(app).add("aisle:deployment", config.stackPrefix());
    NagSuppressionList.apply(config, data, service);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new AisleDeployment(config, data, edge, service);
  }
}
