package dev.aisle.infra.service;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.LogRetention;
import dev.aisle.infra.data.Cdn;
import dev.aisle.infra.edge.EdgeStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.GeoRestriction;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * CloudFront in front of the HTTP API: the web ACL of {@link EdgeStack} limits each client address
 * before API Gateway or Lambda run, and the api is reachable only this way.
 *
 * <p>CloudFront adds the header {@value #ORIGIN_HEADER} with a generated secret to every request it
 * forwards; the api ({@code OriginGuard}) refuses requests without it (403), except those API
 * Gateway authorized with IAM: a SigV4 signature covers the Host header, so a shop's backend signs
 * for, and calls, the execute-api host directly. The secret lives in Secrets Manager and reaches
 * CloudFront and the function as CloudFormation dynamic references, never in the template.
 *
 * <p>Rotation without a gap: {@code aisle:originSecretGeneration=N} (N > 1) declares the secrets of
 * generations N and N−1. CloudFront sends N (its update takes minutes to reach every edge location)
 * while the function accepts both; the next generation drops N−1.
 *
 * <p>Nothing is cached (every answer is per shopper or per request), all methods pass, and the
 * viewer's headers, cookies and query strings go to the origin except Host (API Gateway routes on
 * its own host name).
 */
public final class ApiDistribution extends Construct {

  /** The header CloudFront adds and the api checks (same name as {@code OriginGuard}'s). */
  public static final String ORIGIN_HEADER = "x-aisle-origin";

  private final Secret originSecret;
  private final Optional<Secret> previousSecret;
  private final Distribution distribution;
  private final String url;

  public ApiDistribution(
      Construct scope, String id, DeployConfig config, HttpApi api, IBucket logs) {
    super(scope, id);
    int generation = config.apiEdge().originSecretGeneration();
    originSecret = secret(generation);
    previousSecret = generation > 1 ? Optional.of(secret(generation - 1)) : Optional.empty();

    String apiDomain =
        Fn.join("", List.of(api.getApiId(), ".execute-api.", Aws.REGION, ".", Aws.URL_SUFFIX));
    HttpOrigin origin =
        HttpOrigin.Builder.create(apiDomain)
            .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
            .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
            .customHeaders(Map.of(ORIGIN_HEADER, originSecretValue()))
            .readTimeout(Duration.seconds(30))
            .build();

    Distribution.Builder builder =
        Distribution.Builder.create(this, "Distribution")
            .comment("Aisle api (" + config.stackPrefix() + ")")
            .defaultBehavior(
                BehaviorOptions.builder()
                    .origin(origin)
                    .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                    .allowedMethods(AllowedMethods.ALLOW_ALL)
                    .cachePolicy(CachePolicy.CACHING_DISABLED)
                    .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                    .responseHeadersPolicy(securityHeaders())
                    .build())
            .httpVersion(HttpVersion.HTTP2_AND_3)
            .priceClass(Cdn.priceClass(config.cdn().priceClass()))
            .webAclId(webAclArn(config))
            .enableLogging(true)
            .logBucket(logs)
            .logFilePrefix("cloudfront-api/");
    if (!config.cdn().allowedCountries().isEmpty()) {
      builder.geoRestriction(
          GeoRestriction.allowlist(config.cdn().allowedCountries().toArray(String[]::new)));
    }
    config
        .apiEdge()
        .domainName()
        .ifPresent(
            domain ->
                builder
                    .domainNames(List.of(domain))
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                    .certificate(
                        Certificate.fromCertificateArn(
                            this, "Certificate", config.apiEdge().certificateArn().orElseThrow())));
    distribution = builder.build();
    url =
        "https://" + config.apiEdge().domainName().orElse(distribution.getDistributionDomainName());
  }

  /** The secret's value as a dynamic reference, resolved by CloudFormation at deploy time. */
  public String originSecretValue() {
    return originSecret.getSecretValue().unsafeUnwrap();
  }

  /**
   * What the api accepts: the current secret and, while rotating, the previous one
   * (comma-separated).
   */
  public String acceptedSecretValues() {
    return previousSecret
        .map(
            previous ->
                Fn.join(
                    ",", List.of(originSecretValue(), previous.getSecretValue().unsafeUnwrap())))
        .orElse(originSecretValue());
  }

  /** The current secret and, while rotating, the previous one. */
  public List<Secret> originSecrets() {
    return previousSecret
        .map(previous -> List.of(originSecret, previous))
        .orElse(List.of(originSecret));
  }

  /** Generation 1 keeps the id it always had; each later one is a new secret with a new value. */
  private Secret secret(int generation) {
    return Secret.Builder.create(
            this, generation == 1 ? "OriginSecret" : "OriginSecret" + generation)
        .description(
            "Header value CloudFront sends to the Aisle api ("
                + ORIGIN_HEADER
                + "), generation "
                + generation
                + "; proves a request came through the distribution and its web ACL")
        .generateSecretString(
            SecretStringGenerator.builder()
                .excludePunctuation(true)
                .includeSpace(false)
                .passwordLength(48)
                .build())
        .build();
  }

  public Distribution distribution() {
    return distribution;
  }

  /** Base URL of the api for storefronts and JWT-authorized writers. */
  public String url() {
    return url;
  }

  /**
   * The web ACL's ARN, read from the SSM parameter {@link EdgeStack} writes in us-east-1: one
   * {@code ssm:GetParameter} per deployment, allowed on that parameter only.
   */
  private String webAclArn(DeployConfig config) {
    String name = EdgeStack.webAclArnParameterName(config);
    AwsSdkCall read =
        AwsSdkCall.builder()
            .service("SSM")
            .action("getParameter")
            .region(EdgeStack.REGION)
            .parameters(Map.of("Name", name))
            .physicalResourceId(PhysicalResourceId.of(name))
            .outputPaths(List.of("Parameter.Value"))
            .build();
    AwsCustomResource lookup =
        AwsCustomResource.Builder.create(this, "WebAclArn")
            .onCreate(read)
            .onUpdate(read)
            .policy(
                AwsCustomResourcePolicy.fromStatements(
                    List.of(
                        PolicyStatement.Builder.create()
                            .actions(List.of("ssm:GetParameter"))
                            .resources(
                                List.of(
                                    Fn.join(
                                        "",
                                        List.of(
                                            "arn:",
                                            Aws.PARTITION,
                                            ":ssm:",
                                            EdgeStack.REGION,
                                            ":",
                                            Aws.ACCOUNT_ID,
                                            ":parameter",
                                            name))))
                            .build())))
            .installLatestAwsSdk(false)
            .logGroup(
                LogGroup.Builder.create(this, "WebAclArnLogs")
                    .retention(LogRetention.of(config.logRetentionDays()))
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build())
            .build();
    return lookup.getResponseField("Parameter.Value");
  }

  private ResponseHeadersPolicy securityHeaders() {
    return ResponseHeadersPolicy.Builder.create(this, "Headers")
        .comment("Aisle api: security headers (CORS comes from the HTTP API)")
        .securityHeadersBehavior(
            ResponseSecurityHeadersBehavior.builder()
                .strictTransportSecurity(
                    ResponseHeadersStrictTransportSecurity.builder()
                        .accessControlMaxAge(Duration.days(365))
                        .includeSubdomains(true)
                        .override(true)
                        .build())
                .contentTypeOptions(
                    ResponseHeadersContentTypeOptions.builder().override(true).build())
                .frameOptions(
                    ResponseHeadersFrameOptions.builder()
                        .frameOption(HeadersFrameOption.DENY)
                        .override(true)
                        .build())
                .build())
        .build();
  }
}
