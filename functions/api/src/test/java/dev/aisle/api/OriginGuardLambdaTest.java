package dev.aisle.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.json.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The origin check through the Lambda handler, as in AWS: with {@code aisle.origin.secret} set, a
 * request must carry the header CloudFront adds, unless API Gateway authorized it with IAM (SigV4
 * calls of the write routes, the outbox relay's schedule).
 */
@QuarkusTest
@TestProfile(OriginGuardLambdaTest.WithSecret.class)
class OriginGuardLambdaTest {

  @Test
  void withoutTheHeaderARequestIsRefusedWithTheApisJsonError() {
    given()
        .get("/health")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"))
        .body("message", equalTo("this api answers through its CloudFront address only"));
    given().header(OriginGuard.HEADER, "guessed").get("/health").then().statusCode(403);
    // the check comes before any route: an unknown path says nothing either
    given().get("/no-such-route").then().statusCode(403);
  }

  @Test
  void eitherSecretOfARotationIsAccepted() {
    for (String secret : new String[] {"current-origin-secret", "previous-origin-secret"}) {
      given()
          .header(OriginGuard.HEADER, secret)
          .get("/health")
          .then()
          .statusCode(200)
          .body("status", equalTo("ok"));
    }
  }

  @Test
  void anIamAuthorizedEventNeedsNoHeaderAJwtOneDoes() {
    assertThat(
            invoke(
                    Map.of(
                        "iam",
                        Map.of(
                            "accountId",
                            "123456789012",
                            "callerId",
                            "AIDAEXAMPLE",
                            "userArn",
                            "arn:aws:iam::123456789012:role/shop-backend")))
                .path("statusCode")
                .asInt())
        .isEqualTo(200);
    assertThat(
            invoke(
                    Map.of(
                        "jwt", Map.of("claims", Map.of("sub", "shopper"), "scopes", new String[0])))
                .path("statusCode")
                .asInt())
        .isEqualTo(403);
    assertThat(invoke(Map.of()).path("statusCode").asInt()).isEqualTo(403);
  }

  /**
   * GET /health as an API Gateway (payload v2) event with this authorizer block, through the Lambda
   * handler.
   */
  private static JsonNode invoke(Map<String, Object> authorizer) {
    ObjectNode event = Json.mapper().createObjectNode();
    event
        .put("version", "2.0")
        .put("routeKey", "GET /health")
        .put("rawPath", "/health")
        .put("rawQueryString", "");
    event.putObject("headers").put("user-agent", "origin-guard-test");
    ObjectNode context = event.putObject("requestContext");
    context
        .put("accountId", "123456789012")
        .put("apiId", "aisle")
        .put("domainName", "aisle.execute-api.test")
        .put("requestId", UUID.randomUUID().toString())
        .put("routeKey", "GET /health")
        .put("stage", "$default")
        .put("timeEpoch", Instant.now().toEpochMilli());
    context
        .putObject("http")
        .put("method", "GET")
        .put("path", "/health")
        .put("protocol", "HTTP/1.1")
        .put("sourceIp", "198.51.100.7")
        .put("userAgent", "origin-guard-test");
    if (!authorizer.isEmpty()) {
      context.set("authorizer", Json.mapper().valueToTree(authorizer));
    }
    event.put("isBase64Encoded", false);
    String answer =
        given()
            .contentType("application/json")
            .body(event.toString())
            .post("/_lambda_")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    try {
      return Json.mapper().readTree(answer);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + answer, e);
    }
  }

  /** Two secrets, as while one rotates. */
  public static class WithSecret implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aisle.origin.secret", "current-origin-secret,previous-origin-secret");
    }
  }
}
