package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The api's per-client limits, enforced by AWS WAF at CloudFront before API Gateway or Lambda run.
 * The web ACL lives in us-east-1 (CloudFront's scope requires it).
 */
class EdgeStackTest {

  private final Synthesis.Result result = Synthesis.defaults();
  private final Template edge = result.edge();

  @Test
  void webAclIsCloudFrontScopedInUsEast1AndPublishedForTheServiceStack() {
    assertThat(result.stack(result.deployment().edge()).getEnvironment().getRegion())
        .isEqualTo("us-east-1");
    edge.hasResourceProperties(
        "AWS::WAFv2::WebACL",
        Map.of(
            "Scope", "CLOUDFRONT",
            "DefaultAction", Map.of("Allow", Map.of()),
            "VisibilityConfig",
                Map.of(
                    "CloudWatchMetricsEnabled",
                    true,
                    "MetricName",
                    "Aisle-api",
                    "SampledRequestsEnabled",
                    true)));
    edge.hasResourceProperties(
        "AWS::SSM::Parameter",
        Map.of(
            "Name",
            "/aisle/Aisle/api-web-acl-arn",
            "Value",
            Map.of("Fn::GetAtt", List.of("ApiWebAcl", "Arn"))));
  }

  @Test
  void readsAndWritesAreLimitedPerClientAddressWithTheApisJsonError() {
    JsonNode acl = webAcl(result);
    assertThat(ruleNames(acl))
        .containsExactly("aws-ip-reputation", "reads-per-ip", "writes-per-ip");
    JsonNode reads = rule(acl, "reads-per-ip");
    JsonNode readLimit = reads.path("Statement").path("RateBasedStatement");
    assertThat(readLimit.path("Limit").asInt()).isEqualTo(300);
    assertThat(readLimit.path("EvaluationWindowSec").asInt()).isEqualTo(60);
    assertThat(readLimit.path("AggregateKeyType").asText()).isEqualTo("IP");
    // reads: everything but POST
    assertThat(
            readLimit
                .path("ScopeDownStatement")
                .path("NotStatement")
                .path("Statement")
                .path("ByteMatchStatement")
                .path("SearchString")
                .asText())
        .isEqualTo("POST");
    JsonNode writeLimit = rule(acl, "writes-per-ip").path("Statement").path("RateBasedStatement");
    assertThat(writeLimit.path("Limit").asInt()).isEqualTo(3000);
    assertThat(
            writeLimit
                .path("ScopeDownStatement")
                .path("ByteMatchStatement")
                .path("SearchString")
                .asText())
        .isEqualTo("POST");
    JsonNode block = reads.path("Action").path("Block").path("CustomResponse");
    assertThat(block.path("ResponseCode").asInt()).isEqualTo(429);
    assertThat(block.path("CustomResponseBodyKey").asText()).isEqualTo("rate_limited");
    JsonNode body = acl.path("CustomResponseBodies").path("rate_limited");
    assertThat(body.path("ContentType").asText()).isEqualTo("APPLICATION_JSON");
    assertThat(body.path("Content").asText())
        .startsWith("{\"error\":\"rate_limited\",\"message\":");
    assertThat(
            rule(acl, "aws-ip-reputation")
                .path("Statement")
                .path("ManagedRuleGroupStatement")
                .path("Name")
                .asText())
        .isEqualTo("AWSManagedRulesAmazonIpReputationList");
  }

  @Test
  void limitsAndTrustedAddressesComeFromContext() {
    Synthesis.Result configured =
        Synthesis.of(
            Map.of(
                "aisle:apiReadsPerIpPerMinute", "120",
                "aisle:apiWritesPerIpPerMinute", "6000",
                "aisle:apiTrustedCidrs", "203.0.113.0/24, 2001:db8::/32"));
    JsonNode acl = webAcl(configured);
    assertThat(ruleNames(acl))
        .containsExactly("trusted-addresses", "aws-ip-reputation", "reads-per-ip", "writes-per-ip");
    assertThat(
            rule(acl, "reads-per-ip")
                .path("Statement")
                .path("RateBasedStatement")
                .path("Limit")
                .asInt())
        .isEqualTo(120);
    assertThat(
            rule(acl, "writes-per-ip")
                .path("Statement")
                .path("RateBasedStatement")
                .path("Limit")
                .asInt())
        .isEqualTo(6000);
    // Trusted addresses are allowed first, so no later rule counts them.
    JsonNode trusted = rule(acl, "trusted-addresses");
    assertThat(trusted.path("Priority").asInt()).isZero();
    assertThat(trusted.path("Action").has("Allow")).isTrue();
    assertThat(trusted.path("Statement").path("OrStatement").path("Statements").size())
        .isEqualTo(2);
    configured
        .edge()
        .hasResourceProperties(
            "AWS::WAFv2::IPSet",
            Map.of(
                "Scope",
                "CLOUDFRONT",
                "IPAddressVersion",
                "IPV4",
                "Addresses",
                List.of("203.0.113.0/24")));
    configured
        .edge()
        .hasResourceProperties(
            "AWS::WAFv2::IPSet",
            Map.of(
                "Scope",
                "CLOUDFRONT",
                "IPAddressVersion",
                "IPV6",
                "Addresses",
                List.of("2001:db8::/32")));
  }

  private static JsonNode webAcl(Synthesis.Result result) {
    return result.json(result.edge()).path("Resources").path("ApiWebAcl").path("Properties");
  }

  private static List<String> ruleNames(JsonNode acl) {
    List<String> names = new ArrayList<>();
    List<JsonNode> rules = new ArrayList<>();
    acl.path("Rules").forEach(rules::add);
    rules.sort((a, b) -> Integer.compare(a.path("Priority").asInt(), b.path("Priority").asInt()));
    rules.forEach(r -> names.add(r.path("Name").asText()));
    return names;
  }

  private static JsonNode rule(JsonNode acl, String name) {
    for (JsonNode rule : acl.path("Rules")) {
      if (rule.path("Name").asText().equals(name)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + name + " in " + acl);
  }
}
