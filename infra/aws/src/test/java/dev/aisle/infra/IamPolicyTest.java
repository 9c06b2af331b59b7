package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * Least privilege, checked on the synthesized policies: no allowed action is a wildcard, and the
 * wildcard resources are exactly the ones listed here, each required by AWS or by run-time names
 * (reasons in Permissions and NagSuppressionList).
 */
class IamPolicyTest {

  /** Where a wildcard resource is accepted: policy (logical id without hash), actions, resource. */
  private static final Set<String> ACCEPTED_WILDCARDS =
      Set.of(
          // Network interfaces of a Lambda in a VPC: Describe* has no resource-level permissions.
          "ApiFunctionRoleDefaultPolicy | " + eniActions() + " | *",
          "StreamFunctionRoleDefaultPolicy | " + eniActions() + " | *",
          // ECR login token: no resource-level permissions.
          "TrainerTaskExecutionRoleDefaultPolicy | ecr:GetAuthorizationToken | *",
          // Objects under the product's key prefixes (model versions and CDN files are named at run
          // time).
          "ApiFunctionRoleDefaultPolicy | s3:GetObject | <bucket>/models/*",
          "ApiFunctionRoleDefaultPolicy | s3:GetObject | <bucket>/v1/*",
          "StreamFunctionRoleDefaultPolicy | s3:GetObject | <bucket>/models/*",
          // Erasure: the stream function rewrites the erased shopper's part of the pairs snapshot.
          "StreamFunctionRoleDefaultPolicy | s3:GetObject | <bucket>/snapshots/*",
          "StreamFunctionRoleDefaultPolicy | s3:AbortMultipartUpload,s3:DeleteObject,s3:PutObject | <bucket>/snapshots/*",
          "TrainerTaskRoleDefaultPolicy | s3:AbortMultipartUpload,s3:DeleteObject,s3:GetObject,s3:PutObject | <bucket>/models/*",
          "TrainerTaskRoleDefaultPolicy | s3:AbortMultipartUpload,s3:DeleteObject,s3:GetObject,s3:PutObject | <bucket>/snapshots/*",
          "TrainerTaskRoleDefaultPolicy | s3:AbortMultipartUpload,s3:DeleteObject,s3:GetObject,s3:PutObject | <bucket>/v1/*");

  @Test
  void noAllowedActionIsAWildcard() {
    for (Synthesis.Result result :
        List.of(
            Synthesis.defaults(),
            AlternateConfigTest.result(),
            Synthesis.profile("small"),
            Synthesis.profile("large"),
            EmrServerlessTrainerTest.result())) {
      for (Template template : result.templates()) {
        for (Statement statement : statements(result.json(template), true)) {
          if (statement.allow()) {
            assertThat(statement.actions())
                .as(statement.policy())
                .noneMatch(action -> action.contains("*"));
          }
        }
      }
    }
  }

  @Test
  void wildcardResourcesAreExactlyTheAcceptedOnes() {
    Synthesis.Result result = Synthesis.defaults();
    Set<String> found = new TreeSet<>();
    for (Template template : result.templates()) {
      for (Statement statement : statements(result.json(template), false)) {
        for (String resource : statement.resources()) {
          if (resource.contains("*")) {
            found.add(
                statement.policy()
                    + " | "
                    + String.join(",", statement.actions())
                    + " | "
                    + resource);
          }
        }
      }
    }
    assertThat(found).containsExactlyInAnyOrderElementsOf(ACCEPTED_WILDCARDS);
  }

  @Test
  void eachPrincipalGetsOnlyWhatItUses() {
    Synthesis.Result result = Synthesis.defaults();
    List<Statement> all = statements(result.json(result.service()), false);
    assertThat(actionsOf(all, "ApiFunctionRoleDefaultPolicy"))
        .contains(
            "dynamodb:PutItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:Query",
            "kafka-cluster:WriteData")
        .doesNotContain("s3:PutObject", "kafka-cluster:ReadData", "cloudfront:CreateInvalidation");
    // The api scans the catalog (content similarity), never the events.
    assertThat(all)
        .filteredOn(
            s ->
                s.policy().startsWith("ApiFunctionRoleDefaultPolicy")
                    && s.actions().contains("dynamodb:Scan"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.resources()).allMatch(r -> r.contains("TablesItems")));
    // The api deletes and updates only outbox entries: events, items and attributes are put, never
    // changed.
    assertThat(all)
        .filteredOn(
            s ->
                s.policy().startsWith("ApiFunctionRoleDefaultPolicy")
                    && (s.actions().contains("dynamodb:DeleteItem")
                        || s.actions().contains("dynamodb:UpdateItem")))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.resources()).allMatch(r -> r.contains("TablesOutbox")));
    assertThat(actionsOf(all, "StreamFunctionRoleDefaultPolicy"))
        .contains(
            "kafka-cluster:ReadData",
            "kafka-cluster:AlterGroup",
            "kafka:GetBootstrapBrokers",
            "dynamodb:PutItem")
        .doesNotContain("dynamodb:Scan");
    // The stream function writes objects only in the pairs snapshot (erasure), never the models.
    assertThat(all)
        .filteredOn(
            s ->
                s.policy().startsWith("StreamFunctionRoleDefaultPolicy")
                    && s.actions().contains("s3:PutObject"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.resources()).allMatch(r -> r.endsWith("/snapshots/*")));
    assertThat(actionsOf(all, "TrainerTaskRoleDefaultPolicy"))
        .contains("dynamodb:Scan", "s3:PutObject", "cloudfront:CreateInvalidation")
        .doesNotContain("dynamodb:PutItem", "dynamodb:BatchWriteItem", "kafka-cluster:Connect");
    // One scheduler role may run exactly the trainer's task definition and pass its two roles, the
    // other (the outbox relay, ServiceStackTest) may invoke the api function.
    assertThat(actionsOf(all, "SchedulerRoleForTarget"))
        .containsExactlyInAnyOrder("ecs:RunTask", "iam:PassRole", "lambda:InvokeFunction");
  }

  @Test
  void noRoleUsesAnAwsManagedPolicyExceptCdkCustomResourceProviders() {
    Synthesis.Result result = Synthesis.defaults();
    for (Template template : result.templates()) {
      result
          .json(template)
          .path("Resources")
          .fields()
          .forEachRemaining(
              entry -> {
                JsonNode managed = entry.getValue().path("Properties").path("ManagedPolicyArns");
                if (entry.getValue().path("Type").asText().equals("AWS::IAM::Role")
                    && !managed.isMissingNode()) {
                  // CDK's own providers (AwsCustomResource, restrict default security group) log
                  // with the basic role.
                  assertThat(entry.getKey())
                      .matches(
                          "(AWS679f53fac002430cb0da5b7982bd2287|CustomVpcRestrictDefaultSG).*");
                  assertThat(managed.toString())
                      .contains("AWSLambdaBasicExecutionRole")
                      .doesNotContain("VPCAccess");
                }
              });
    }
  }

  record Statement(String policy, boolean allow, List<String> actions, List<String> resources) {}

  private static Set<String> actionsOf(List<Statement> statements, String policy) {
    return statements.stream()
        .filter(s -> s.policy().startsWith(policy))
        .flatMap(s -> s.actions().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Statements of identity policies (and, with {@code resourcePolicies}, of bucket/topic policies).
   */
  static List<Statement> statements(JsonNode template, boolean resourcePolicies) {
    List<Statement> statements = new ArrayList<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              String type = entry.getValue().path("Type").asText();
              JsonNode props = entry.getValue().path("Properties");
              String policy = entry.getKey().replaceAll("[0-9A-F]{8}$", "");
              List<JsonNode> documents = new ArrayList<>();
              if (type.equals("AWS::IAM::Policy")
                  || type.equals("AWS::IAM::ManagedPolicy")
                  || (resourcePolicies
                      && (type.equals("AWS::S3::BucketPolicy")
                          || type.equals("AWS::SNS::TopicPolicy")))) {
                documents.add(props.path("PolicyDocument"));
              }
              if (type.equals("AWS::IAM::Role")) {
                props.path("Policies").forEach(p -> documents.add(p.path("PolicyDocument")));
              }
              for (JsonNode document : documents) {
                document
                    .path("Statement")
                    .forEach(
                        s ->
                            statements.add(
                                new Statement(
                                    policy,
                                    s.path("Effect").asText().equals("Allow"),
                                    strings(s.path("Action")).stream().sorted().toList(),
                                    strings(s.path("Resource")).stream()
                                        .map(IamPolicyTest::render)
                                        .toList())));
              }
            });
    return statements;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> values.add(n.isTextual() ? n.asText() : n.toString()));
    } else if (!node.isMissingNode()) {
      values.add(node.isTextual() ? node.asText() : node.toString());
    }
    return values;
  }

  /**
   * A resource as its literal text; a bucket ARN reference inside a Fn::Join prints as {@code
   * <bucket>}.
   */
  private static String render(String resource) {
    if (!resource.startsWith("{")) {
      return resource;
    }
    return resource.replaceAll(
        "^\\{\"Fn::Join\":\\[\"\",\\[\\{.*(Buckets|Bucket)[A-Za-z]*[0-9A-F]{8}.*\\}\\}?,\"(.*)\"\\]\\]\\}$",
        "<bucket>$2");
  }

  private static String eniActions() {
    return String.join(
        ",",
        new TreeSet<>(
            List.of(
                "ec2:AssignPrivateIpAddresses",
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSubnets",
                "ec2:DescribeVpcs",
                "ec2:UnassignPrivateIpAddresses")));
  }
}
