package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The other side of every switch in one deployment: native build on arm64, JWT on every route, a
 * NAT gateway instead of interface endpoints, a custom CDN domain, throw-away data.
 */
class AlternateConfigTest {

  static Synthesis.Result result() {
    return Synthesis.of(
        Map.ofEntries(
            Map.entry("aisle:stackPrefix", "AisleStaging"),
            Map.entry("aisle:functionBuild", "native"),
            Map.entry("aisle:architecture", "arm64"),
            Map.entry("aisle:writeAuth", "jwt"),
            Map.entry(
                "aisle:jwtIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example"),
            Map.entry("aisle:jwtAudience", "storefront,backend"),
            Map.entry("aisle:protectReads", "true"),
            Map.entry("aisle:egress", "nat"),
            Map.entry("aisle:retainData", "false"),
            Map.entry("aisle:cdnDomainName", "recs.example.com"),
            Map.entry(
                "aisle:cdnCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc"),
            Map.entry("aisle:corsOrigins", "https://shop.example.com"),
            Map.entry("aisle:trainSchedule", "rate(6 hours)"),
            Map.entry("aisle:alarmEmail", "oncall@example.com"),
            Map.entry("aisle:apiEnvironment", "{\"AISLE_MODEL_REFRESH_SECONDS\":\"30\"}")));
  }

  private final Synthesis.Result result = result();
  private final Template data = result.data();
  private final Template service = result.service();

  @Test
  void nativeBuildRunsOnProvidedAl2023WithoutSnapStart() {
    // the api and the stream function (CDK's deploy-time helper runs on Node.js)
    service.resourcePropertiesCountIs(
        "AWS::Lambda::Function",
        Map.of(
            "Runtime", "provided.al2023",
            "Architectures", List.of("arm64"),
            "SnapStart", Match.absent(),
            "Environment",
                Map.of("Variables", Match.objectLike(Map.of("DISABLE_SIGNAL_HANDLERS", "true")))),
        2);
    service.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Environment",
            Map.of("Variables", Match.objectLike(Map.of("AISLE_MODEL_REFRESH_SECONDS", "30")))));
    service.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Map.of(
            "RuntimePlatform",
            Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX")));
  }

  @Test
  void everyRouteIsBehindTheJwtAuthorizer() {
    service.hasResourceProperties(
        "AWS::ApiGatewayV2::Authorizer",
        Map.of(
            "AuthorizerType",
            "JWT",
            "JwtConfiguration",
            Map.of(
                "Issuer",
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example",
                "Audience",
                List.of("storefront", "backend"))));
    // six routes, the erasure pair and the export
    service.resourceCountIs("AWS::ApiGatewayV2::Route", 9);
    service.allResourcesProperties("AWS::ApiGatewayV2::Route", Map.of("AuthorizationType", "JWT"));
    service.hasResourceProperties(
        "AWS::ApiGatewayV2::Api",
        Map.of(
            "CorsConfiguration",
            Match.objectLike(Map.of("AllowOrigins", List.of("https://shop.example.com")))));
  }

  @Test
  void natGatewayReplacesInterfaceEndpointsAndTheTrainerStaysPrivate() {
    data.resourceCountIs("AWS::EC2::NatGateway", 1);
    assertThat(
            data.findResources(
                "AWS::EC2::VPCEndpoint",
                Match.objectLike(
                    Map.of(
                        "Properties", Match.objectLike(Map.of("VpcEndpointType", "Interface"))))))
        .isEmpty();
    service.hasResourceProperties(
        "AWS::Scheduler::Schedule",
        Map.of(
            "ScheduleExpression",
            "rate(6 hours)",
            "Target",
            Match.objectLike(
                Map.of(
                    "EcsParameters",
                    Match.objectLike(
                        Map.of(
                            "NetworkConfiguration",
                            Map.of(
                                "AwsvpcConfiguration",
                                Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))))))));
  }

  @Test
  void customDomainServesTls12AndDataIsDisposable() {
    data.hasResourceProperties(
        "AWS::CloudFront::Distribution",
        Map.of(
            "DistributionConfig",
            Match.objectLike(
                Map.of(
                    "Aliases", List.of("recs.example.com"),
                    "ViewerCertificate",
                        Map.of(
                            "AcmCertificateArn",
                                "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                            "MinimumProtocolVersion", "TLSv1.2_2021",
                            "SslSupportMethod", "sni-only")))));
    data.hasOutput("CdnUrl", Map.of("Value", "https://recs.example.com"));
    data.allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    data.allResourcesProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false));
    assertThat(result.stack(result.deployment().data()).getTerminationProtection()).isFalse();
    assertThat(result.deployment().data().getStackName()).isEqualTo("AisleStaging-Data");
  }

  @Test
  void alarmEmailIsSubscribed() {
    service.hasResourceProperties(
        "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com"));
    JsonNode topic = result.json(service).path("Resources");
    assertThat(topic.toString()).contains("\"AWS::SNS::Topic\"");
  }
}
