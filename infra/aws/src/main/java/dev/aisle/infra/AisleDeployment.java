package dev.aisle.infra;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.data.DataStack;
import dev.aisle.infra.service.ServiceStack;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * One deployment of Aisle in an app: the data stack, the service stack that depends on it, and
 * the AwsSolutions rules of cdk-nag over both (an unsuppressed finding fails {@code cdk synth}).
 *
 * <p>The stacks are environment-agnostic: {@code cdk deploy} puts them in the account and region
 * of the credentials it runs with, and synthesis needs no AWS lookups (works offline).
 */
public record AisleDeployment(DeployConfig config, DataStack data, ServiceStack service) {

  public static AisleDeployment create(App app) {
    DeployConfig config = DeployConfig.fromContext(app.getNode()::tryGetContext);
    DataStack data = new DataStack(app, config.stackPrefix() + "-Data", StackProps.builder()
        .description("Aisle data: VPC, MSK Serverless, DynamoDB tables, buckets, CloudFront")
        .terminationProtection(config.retainData())
        .build(), config);
    ServiceStack service = new ServiceStack(app, config.stackPrefix() + "-Service", StackProps.builder()
        .description("Aisle service: api and stream functions, HTTP API, trainer schedule, alarms")
        .build(), config, data);
    Tags.of(app).add("project", "aisle");
    Tags.of(app).add("aisle:deployment", config.stackPrefix());
    NagSuppressionList.apply(config, data, service);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new AisleDeployment(config, data, service);
  }
}
