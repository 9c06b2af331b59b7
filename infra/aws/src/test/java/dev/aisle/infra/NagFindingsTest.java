package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The AwsSolutions pack of cdk-nag runs over both stacks (an error would already have failed the
 * synthesis); this checks that no error is left, that every suppression has a reason, and which
 * rules are suppressed at all: a new suppression has to be added here on purpose.
 */
class NagFindingsTest {

  @Test
  void defaultDeploymentHasNoUnsuppressedError() {
    assertNoErrors(Synthesis.defaults());
  }

  @Test
  void alternateDeploymentHasNoUnsuppressedError() {
    assertNoErrors(AlternateConfigTest.result());
  }

  @Test
  void emrServerlessTrainerHasNoUnsuppressedError() {
    assertNoErrors(EmrServerlessTrainerTest.result());
  }

  @Test
  void everyProfileHasNoUnsuppressedError() {
    for (String profile : List.of("small", "large")) {
      assertNoErrors(Synthesis.profile(profile));
    }
  }

  @Test
  void everySuppressionHasAReason() {
    for (Synthesis.Result result :
        List.of(
            Synthesis.defaults(),
            AlternateConfigTest.result(),
            Synthesis.profile("small"),
            Synthesis.profile("large"),
            EmrServerlessTrainerTest.result())) {
      for (Template template : result.templates()) {
        for (JsonNode rule : suppressions(result.json(template))) {
          assertThat(rule.path("reason").asText())
              .as("reason of %s", rule.path("id").asText())
              .hasSizeGreaterThan(30);
        }
      }
    }
  }

  @Test
  void onlyTheseRulesAreSuppressed() {
    Set<String> ids = new TreeSet<>();
    for (Synthesis.Result result :
        List.of(
            Synthesis.defaults(),
            Synthesis.profile("small"),
            Synthesis.profile("large"),
            EmrServerlessTrainerTest.result())) {
      for (Template template : result.templates()) {
        suppressions(result.json(template)).forEach(rule -> ids.add(rule.path("id").asText()));
      }
    }
    assertThat(ids)
        .containsExactly(
            "AwsSolutions-APIG4", // public read routes (reasons in NagSuppressionList)
            "AwsSolutions-CFR1", // no country allow-list unless configured
            "AwsSolutions-CFR2", // no WAF unless configured
            "AwsSolutions-CFR4", // default CloudFront certificate unless a domain is configured
            "AwsSolutions-ECS2", // trainer environment: resource names only
            "AwsSolutions-IAM4", // CDK's custom resource provider: basic execution role
            "AwsSolutions-IAM5", // the wildcard resources IamPolicyTest lists
            "AwsSolutions-L1", // java21, not java25, by default
            "AwsSolutions-SMG4", // the api's origin secret rotates by deployment
            "CdkNagValidationFailure"); // EC23 cannot resolve the VPC CIDR token
  }

  private static void assertNoErrors(Synthesis.Result result) {
    List<String> errors = new ArrayList<>();
    for (CloudFormationStackArtifact stack : result.stacks()) {
      for (SynthesisMessage message : stack.getMessages()) {
        if (message.getLevel() == SynthesisMessageLevel.ERROR) {
          errors.add(message.getId() + ": " + message.getEntry().getData());
        }
      }
    }
    assertThat(errors).isEmpty();
  }

  private static List<JsonNode> suppressions(JsonNode template) {
    List<JsonNode> rules = new ArrayList<>();
    template
        .path("Resources")
        .forEach(
            resource ->
                resource
                    .path("Metadata")
                    .path("cdk_nag")
                    .path("rules_to_suppress")
                    .forEach(rules::add));
    return rules;
  }
}
