package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shopper tokens in the CDK app: on by default, a generated secret the api gets as a dynamic
 * reference (no permission, no value in the template), a policy for the backends that mint them,
 * the header allowed by CORS; off with {@code aisle:shopperTokens=false}; pinned to a version for
 * rotation.
 */
class ShopperTokenSecretTest {

  private static final String VARIABLE = "AISLE_SHOPPER_TOKEN_SECRET";

  @Test
  void onByDefaultTheApiGetsTheGeneratedSecretAsADynamicReference() {
    JsonNode service = Synthesis.defaults().json(Synthesis.defaults().service());
    JsonNode secret = resource(service, "AWS::SecretsManager::Secret", "ShopperTokensSecret");
    JsonNode generator = secret.path("Properties").path("GenerateSecretString");
    // letters and digits only: a comma would be read as a second secret
    assertThat(generator.path("ExcludePunctuation").asBoolean()).isTrue();
    assertThat(generator.path("PasswordLength").asInt()).isGreaterThanOrEqualTo(32);

    String reference = environment(service, "QuarkusStreamHandler").path(VARIABLE).toString();
    assertThat(reference)
        .contains("{{resolve:secretsmanager:", "ShopperTokensSecret", ":SecretString:::}}");
    assertThat(environment(service, "FunqyStreamHandler").has(VARIABLE))
        .as("the stream serves nobody")
        .isFalse();
  }

  @Test
  void onlyTheMinterPolicyMayReadTheSecret() {
    JsonNode service = Synthesis.defaults().json(Synthesis.defaults().service());
    List<String> readers = new ArrayList<>();
    service
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              String text = entry.getValue().path("Properties").toString();
              if (entry.getValue().path("Type").asText().startsWith("AWS::IAM::")
                  && text.contains("secretsmanager:")
                  && text.contains("ShopperTokensSecret")) {
                readers.add(entry.getKey());
              }
            });
    assertThat(readers).singleElement().asString().startsWith("ShopperTokensMinterPolicy");
    JsonNode statement =
        resource(service, "AWS::IAM::ManagedPolicy", "ShopperTokensMinterPolicy")
            .path("Properties")
            .path("PolicyDocument")
            .path("Statement");
    assertThat(statement).hasSize(1);
    assertThat(statement.get(0).path("Resource").toString())
        .contains("ShopperTokensSecret")
        .doesNotContain("*");
    assertThat(statement.get(0).path("Action").toString())
        .contains("secretsmanager:GetSecretValue")
        .doesNotContain("PutSecretValue");
    assertThat(service.path("Outputs").has("ShopperTokenSecretArn")).isTrue();
    assertThat(service.path("Outputs").has("ShopperTokenMinterPolicyArn")).isTrue();
  }

  @Test
  void storefrontsMaySendTheHeaderAcrossOrigins() {
    Synthesis.Result result = Synthesis.of(Map.of("aisle:corsOrigins", "https://shop.example"));
    JsonNode api = resource(result.json(result.service()), "AWS::ApiGatewayV2::Api", "HttpApi");
    assertThat(api.path("Properties").path("CorsConfiguration").path("AllowHeaders").toString())
        .contains("x-aisle-shopper-token");
  }

  @Test
  void offTheApiChecksNothingAndNoSecretIsMade() {
    Synthesis.Result result = Synthesis.of(Map.of("aisle:shopperTokens", "false"));
    JsonNode service = result.json(result.service());
    assertThat(environment(service, "QuarkusStreamHandler").has(VARIABLE)).isFalse();
    assertThat(service.toString()).doesNotContain("ShopperTokens");
  }

  @Test
  void aVersionIdPinsTheReferenceSoARotationRedeploysTheFunction() {
    Synthesis.Result result =
        Synthesis.of(Map.of("aisle:shopperTokenSecretVersion", "0b1c2d3e-version"));
    String reference =
        environment(result.json(result.service()), "QuarkusStreamHandler")
            .path(VARIABLE)
            .toString();
    assertThat(reference)
        .contains(
            "{{resolve:secretsmanager:",
            "ShopperTokensSecret",
            ":SecretString:::0b1c2d3e-version}}");
  }

  private static JsonNode environment(JsonNode template, String handler) {
    List<JsonNode> functions = new ArrayList<>();
    template
        .path("Resources")
        .forEach(
            r -> {
              if (r.path("Type").asText().equals("AWS::Lambda::Function")
                  && r.path("Properties").path("Handler").asText().contains(handler)) {
                functions.add(r);
              }
            });
    assertThat(functions).hasSize(1);
    return functions.get(0).path("Properties").path("Environment").path("Variables");
  }

  private static JsonNode resource(JsonNode template, String type, String idPrefix) {
    List<JsonNode> found = new ArrayList<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getValue().path("Type").asText().equals(type)
                  && entry.getKey().startsWith(idPrefix)) {
                found.add(entry.getValue());
              }
            });
    assertThat(found).as(type + " " + idPrefix).hasSize(1);
    return found.get(0);
  }
}
