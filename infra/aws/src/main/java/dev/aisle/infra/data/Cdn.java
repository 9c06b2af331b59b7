package dev.aisle.infra.data;

import dev.aisle.infra.config.DeployConfig;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AccessLevel;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CachedMethods;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.GeoRestriction;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersCorsBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * CloudFront in front of the CDN bucket: Origin Access Control (the bucket stays private; its
 * policy admits only this distribution), HTTPS only, compressed, cached by the objects'
 * Cache-Control, and a response headers policy with CORS for storefront scripts and the usual
 * security headers.
 *
 * <p>The distribution lives in the data stack with its bucket: its domain name is what shops embed,
 * and the bucket policy that names the distribution would otherwise tie the two stacks in a cycle.
 */
public final class Cdn extends Construct {

  private final Distribution distribution;
  private final String url;

  public Cdn(Construct scope, String id, DeployConfig.Cdn config, IBucket bucket, IBucket logs) {
    super(scope, id);
    ResponseHeadersPolicy headers =
        ResponseHeadersPolicy.Builder.create(this, "Headers")
            .comment("Aisle CDN: CORS for storefront scripts and security headers")
            .corsBehavior(
                ResponseHeadersCorsBehavior.builder()
                    .accessControlAllowOrigins(config.corsOrigins())
                    .accessControlAllowMethods(List.of("GET", "HEAD", "OPTIONS"))
                    .accessControlAllowHeaders(List.of("*"))
                    .accessControlExposeHeaders(List.of("ETag"))
                    .accessControlAllowCredentials(false)
                    .accessControlMaxAge(Duration.hours(1))
                    .originOverride(true)
                    .build())
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
                    .referrerPolicy(
                        ResponseHeadersReferrerPolicy.builder()
                            .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                            .override(true)
                            .build())
                    .build())
            .build();

    Distribution.Builder builder =
        Distribution.Builder.create(this, "Distribution")
            .comment("Aisle precomputed recommendations")
            .defaultBehavior(
                BehaviorOptions.builder()
                    // LIST lets S3 answer 404 (not 403) for a segment or item that has no file yet.
                    .origin(
                        S3BucketOrigin.withOriginAccessControl(
                            bucket,
                            S3BucketOriginWithOACProps.builder()
                                .originAccessLevels(List.of(AccessLevel.READ, AccessLevel.LIST))
                                .build()))
                    .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                    .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                    .cachedMethods(CachedMethods.CACHE_GET_HEAD_OPTIONS)
                    .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                    .responseHeadersPolicy(headers)
                    .compress(true)
                    .build())
            // With LIST access a request for "/" would list the bucket: answer it with a file
            // instead.
            .defaultRootObject("v1/popular.json")
            .httpVersion(HttpVersion.HTTP2_AND_3)
            .priceClass(priceClass(config.priceClass()))
            .enableLogging(true)
            .logBucket(logs)
            .logFilePrefix("cloudfront/");
    // AWS WAF (a web ACL in us-east-1) and country allow-lists are opt-in: both cost or restrict.
    config.webAclArn().ifPresent(builder::webAclId);
    if (!config.allowedCountries().isEmpty()) {
      builder.geoRestriction(
          GeoRestriction.allowlist(config.allowedCountries().toArray(String[]::new)));
    }
    config
        .domainName()
        .ifPresent(
            domain ->
                builder
                    .domainNames(List.of(domain))
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                    .certificate(
                        Certificate.fromCertificateArn(
                            this, "Certificate", config.certificateArn().orElseThrow())));
    distribution = builder.build();
    Annotations.of(distribution)
        .acknowledgeWarning(
            "@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
            "The default root object answers \"/\"; the bucket holds only public precomputed JSON");
    url = "https://" + config.domainName().orElse(distribution.getDistributionDomainName());
  }

  public Distribution distribution() {
    return distribution;
  }

  public String url() {
    return url;
  }

  /**
   * {@code aisle:cdnPriceClass}: 100, 200 or all edge locations (also used by the api's
   * distribution).
   */
  public static PriceClass priceClass(String name) {
    return switch (name) {
      case "100" -> PriceClass.PRICE_CLASS_100;
      case "200" -> PriceClass.PRICE_CLASS_200;
      default -> PriceClass.PRICE_CLASS_ALL;
    };
  }
}
