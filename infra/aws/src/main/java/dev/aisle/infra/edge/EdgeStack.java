package dev.aisle.infra.edge;

import dev.aisle.infra.config.DeployConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.wafv2.CfnIPSet;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACL.RuleProperty;
import software.amazon.awscdk.services.wafv2.CfnWebACL.StatementProperty;
import software.constructs.Construct;

/**
 * What CloudFront needs from us-east-1: the AWS WAF web ACL of the api's distribution (a web ACL
 * for CloudFront must live there, whatever the deployment's region).
 *
 * <p>Rules, in order: the shop's trusted addresses pass untouched (optional); addresses on AWS's IP
 * reputation list are blocked; then two rate-based rules count per client address over one minute,
 * reads (GET, HEAD, OPTIONS) and writes (POST) separately, and answer 429 with the API's JSON error
 * body beyond their limit. WAF enforces them at the edge, before API Gateway and Lambda run or
 * bill.
 *
 * <p>The web ACL's ARN goes to an SSM parameter in us-east-1, which the service stack reads at
 * deploy time: the stacks stay environment-agnostic, and CDK's cross-region references need fixed
 * regions.
 */
public final class EdgeStack extends Stack {

  /** CloudFront-scoped WAF resources exist only in this region. */
  public static final String REGION = "us-east-1";

  /** The error code of a request over its limit (the API's error body format). */
  public static final String RATE_LIMITED = "rate_limited";

  static final int WINDOW_SECONDS = 60;

  private final CfnWebACL webAcl;
  private final String webAclArnParameter;

  public EdgeStack(Construct scope, String id, StackProps props, DeployConfig config) {
    super(scope, id, props);
    DeployConfig.ApiEdge edge = config.apiEdge();
    webAclArnParameter = webAclArnParameterName(config);
    List<RuleProperty> rules = new ArrayList<>();
    trustedAddresses(edge.trustedCidrs()).ifPresent(rules::add);
    rules.add(ipReputation(rules.size()));
    rules.add(ratePerAddress("reads-per-ip", rules.size(), edge.readsPerIpPerMinute(), false));
    rules.add(ratePerAddress("writes-per-ip", rules.size(), edge.writesPerIpPerMinute(), true));

    webAcl =
        CfnWebACL.Builder.create(this, "ApiWebAcl")
            .name(config.stackPrefix() + "-api")
            .description(
                "Aisle api: per-client rate limits and the IP reputation list, enforced by CloudFront")
            .scope("CLOUDFRONT")
            .defaultAction(
                CfnWebACL.DefaultActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .customResponseBodies(
                Map.of(
                    RATE_LIMITED,
                    CfnWebACL.CustomResponseBodyProperty.builder()
                        .contentType("APPLICATION_JSON")
                        .content(
                            "{\"error\":\""
                                + RATE_LIMITED
                                + "\",\"message\":\"too many requests from this address;"
                                + " retry in a minute\",\"details\":[]}")
                        .build()))
            .visibilityConfig(visibility(config.stackPrefix() + "-api"))
            .rules(rules)
            .build();

    StringParameter.Builder.create(this, "ApiWebAclArn")
        .parameterName(webAclArnParameter)
        .description(
            "ARN of the Aisle api's WAF web ACL, read by the service stack when it deploys")
        .stringValue(webAcl.getAttrArn())
        .build();
    CfnOutput.Builder.create(this, "ApiWebAclArnOutput")
        .value(webAcl.getAttrArn())
        .description("WAF web ACL of the api's CloudFront distribution")
        .build();
  }

  /** Where the web ACL's ARN is published: one parameter per deployment (stack prefix). */
  public static String webAclArnParameterName(DeployConfig config) {
    return "/aisle/" + config.stackPrefix() + "/api-web-acl-arn";
  }

  public CfnWebACL webAcl() {
    return webAcl;
  }

  public String webAclArnParameter() {
    return webAclArnParameter;
  }

  private Optional<RuleProperty> trustedAddresses(List<String> cidrs) {
    if (cidrs.isEmpty()) {
      return Optional.empty();
    }
    List<StatementProperty> sets = new ArrayList<>();
    List<String> v4 = cidrs.stream().filter(c -> !c.contains(":")).toList();
    List<String> v6 = cidrs.stream().filter(c -> c.contains(":")).toList();
    if (!v4.isEmpty()) {
      sets.add(ipSet("TrustedIpv4", "IPV4", v4));
    }
    if (!v6.isEmpty()) {
      sets.add(ipSet("TrustedIpv6", "IPV6", v6));
    }
    StatementProperty match =
        sets.size() == 1
            ? sets.get(0)
            : StatementProperty.builder()
                .orStatement(CfnWebACL.OrStatementProperty.builder().statements(sets).build())
                .build();
    return Optional.of(
        RuleProperty.builder()
            .name("trusted-addresses")
            .priority(0)
            .action(
                CfnWebACL.RuleActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .statement(match)
            .visibilityConfig(visibility("trusted-addresses"))
            .build());
  }

  private StatementProperty ipSet(String id, String version, List<String> cidrs) {
    CfnIPSet set =
        CfnIPSet.Builder.create(this, id)
            .scope("CLOUDFRONT")
            .ipAddressVersion(version)
            .addresses(cidrs)
            // CloudFormation allows letters, digits, spaces and =:#@/-,. only
            .description(
                "Addresses exempt from the Aisle api per-client limits, context aisle:apiTrustedCidrs")
            .build();
    return StatementProperty.builder()
        .ipSetReferenceStatement(
            CfnWebACL.IPSetReferenceStatementProperty.builder().arn(set.getAttrArn()).build())
        .build();
  }

  private static RuleProperty ipReputation(int priority) {
    return RuleProperty.builder()
        .name("aws-ip-reputation")
        .priority(priority)
        .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
        .statement(
            StatementProperty.builder()
                .managedRuleGroupStatement(
                    CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                        .vendorName("AWS")
                        .name("AWSManagedRulesAmazonIpReputationList")
                        .build())
                .build())
        .visibilityConfig(visibility("aws-ip-reputation"))
        .build();
  }

  /**
   * At most {@code limit} requests a minute from one client address (the address CloudFront saw),
   * for writes (POST) or for everything else.
   */
  private static RuleProperty ratePerAddress(String name, int priority, int limit, boolean writes) {
    StatementProperty post =
        StatementProperty.builder()
            .byteMatchStatement(
                CfnWebACL.ByteMatchStatementProperty.builder()
                    .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().method(Map.of()).build())
                    .positionalConstraint("EXACTLY")
                    .searchString("POST")
                    .textTransformations(
                        List.of(
                            CfnWebACL.TextTransformationProperty.builder()
                                .priority(0)
                                .type("NONE")
                                .build()))
                    .build())
            .build();
    StatementProperty scope =
        writes
            ? post
            : StatementProperty.builder()
                .notStatement(CfnWebACL.NotStatementProperty.builder().statement(post).build())
                .build();
    return RuleProperty.builder()
        .name(name)
        .priority(priority)
        .action(
            CfnWebACL.RuleActionProperty.builder()
                .block(
                    CfnWebACL.BlockActionProperty.builder()
                        .customResponse(
                            CfnWebACL.CustomResponseProperty.builder()
                                .responseCode(429)
                                .customResponseBodyKey(RATE_LIMITED)
                                // WAF sends it as x-amzn-waf-retry-after (it prefixes every custom
                                // header)
                                .responseHeaders(
                                    List.of(
                                        CfnWebACL.CustomHTTPHeaderProperty.builder()
                                            .name("retry-after")
                                            .value(Integer.toString(WINDOW_SECONDS))
                                            .build()))
                                .build())
                        .build())
                .build())
        .statement(
            StatementProperty.builder()
                .rateBasedStatement(
                    CfnWebACL.RateBasedStatementProperty.builder()
                        .aggregateKeyType("IP")
                        .evaluationWindowSec(WINDOW_SECONDS)
                        .limit(limit)
                        .scopeDownStatement(scope)
                        .build())
                .build())
        .visibilityConfig(visibility(name))
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .metricName(metricName)
        .cloudWatchMetricsEnabled(true)
        .sampledRequestsEnabled(true)
        .build();
  }
}
