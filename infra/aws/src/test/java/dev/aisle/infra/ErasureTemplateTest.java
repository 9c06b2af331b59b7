package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * Erasure in the CDK app: the erasures table (key {@code id}, TTL), each role with exactly the
 * actions its part of an erasure calls, the two gateway routes behind the writers' authorizer, and
 * the salt from a generated secret, never a literal.
 */
class ErasureTemplateTest {

  private static final Synthesis.Result RESULT = Synthesis.defaults();

  @Test
  void theErasuresTableIsKeyedByIdWithTimeToLive() {
    RESULT
        .data()
        .hasResourceProperties(
            "AWS::DynamoDB::Table",
            Map.of(
                "KeySchema",
                    List.of(
                        Map.of("AttributeName", TableDefinitions.ERASURE_KEY, "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification",
                    Map.of("AttributeName", TableDefinitions.EXPIRES_AT, "Enabled", true),
                "PointInTimeRecoverySpecification",
                    Match.objectLike(Map.of("PointInTimeRecoveryEnabled", true))));
  }

  @Test
  void eachRoleGetsOnlyTheErasureActionsItCalls() {
    List<IamPolicyTest.Statement> all =
        IamPolicyTest.statements(RESULT.json(RESULT.service()), false);
    assertThat(onTable(all, "ApiFunctionRoleDefaultPolicy", "Erasures"))
        .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem");
    assertThat(onTable(all, "StreamFunctionRoleDefaultPolicy", "Erasures"))
        .containsExactlyInAnyOrder(
            "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem");
    assertThat(onTable(all, "TrainerTaskRoleDefaultPolicy", "Erasures"))
        .containsExactly("dynamodb:Scan");
    // the stream deletes a shopper's events by key, found with a Query on their partition: no Scan
    assertThat(onTable(all, "StreamFunctionRoleDefaultPolicy", "TablesEvents"))
        .contains("dynamodb:Query", "dynamodb:BatchWriteItem")
        .doesNotContain("dynamodb:Scan");
    assertThat(onTable(all, "StreamFunctionRoleDefaultPolicy", "TablesUsers"))
        .containsExactly("dynamodb:DeleteItem");
  }

  @Test
  void bothErasureRoutesNeedTheWritersAuthorizer() {
    JsonNode service = RESULT.json(RESULT.service());
    Set<String> authorized = new TreeSet<>();
    service
        .path("Resources")
        .forEach(
            resource -> {
              if (resource.path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                String key = resource.path("Properties").path("RouteKey").asText();
                if (key.endsWith("/erasures")
                    && !resource
                        .path("Properties")
                        .path("AuthorizationType")
                        .asText("NONE")
                        .equals("NONE")) {
                  authorized.add(key);
                }
              }
            });
    assertThat(authorized).containsExactly("GET /erasures", "POST /erasures");
  }

  @Test
  void theSaltComesFromAGeneratedSecretForTheApiTheStreamAndTheTrainer() {
    JsonNode service = RESULT.json(RESULT.service());
    List<String> salts =
        service.findValues("AISLE_ERASURE_SALT").stream().map(JsonNode::toString).toList();
    assertThat(salts)
        .as("the two functions' environments")
        .hasSize(2)
        .allSatisfy(v -> assertThat(v).contains("resolve:secretsmanager").contains("ErasureSalt"));
    // the trainer's container gets it from ECS, never in its plain environment
    assertThat(service.findValues("Secrets").toString())
        .contains("AISLE_ERASURE_SALT")
        .contains("ErasureSalt");
    RESULT
        .service()
        .hasResourceProperties(
            "AWS::SecretsManager::Secret",
            Map.of("Description", Match.stringLikeRegexp("erasure")));
  }

  private static Set<String> onTable(
      List<IamPolicyTest.Statement> all, String policy, String table) {
    Set<String> actions = new TreeSet<>();
    all.stream()
        .filter(
            s ->
                s.policy().startsWith(policy)
                    && s.resources().stream()
                        .anyMatch(r -> r.contains(table) && !r.contains("/index/")))
        .forEach(s -> actions.addAll(s.actions()));
    return actions;
  }
}
