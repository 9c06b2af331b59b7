package dev.aisle.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.OpenApiDocument.Operation;
import dev.aisle.json.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The documented {@code erasure_disabled} answer, which {@link OpenApiIT} cannot produce (its api
 * has an erasure salt): an api with the guards of a deployment but no salt answers both erasure
 * operations 503 {@code erasure_disabled}, in the documented error schema.
 */
@QuarkusTest
@TestProfile(OpenApiErasureOffIT.WithoutSalt.class)
class OpenApiErasureOffIT {

  /** {@link OpenApiIT.Guarded} without the erasure salt: erasure is off. */
  public static class WithoutSalt extends OpenApiIT.Guarded {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
      overrides.remove("aisle.erasure.salt");
      return overrides;
    }
  }

  private final OpenApiDocument document = OpenApiDocument.ofRepository();
  private final SchemaCheck schemas = new SchemaCheck(document);

  @Test
  void bothErasureOperationsAnswerErasureDisabled() throws Exception {
    Response post =
        given()
            .header("x-aisle-origin", OpenApiIT.Guarded.ORIGIN_SECRET)
            .header("x-api-key", OpenApiIT.Guarded.API_KEY)
            .contentType("application/json")
            .body("{\"userId\":\"u-openapi\"}")
            .post("/erasures");
    Response get =
        given()
            .header("x-aisle-origin", OpenApiIT.Guarded.ORIGIN_SECRET)
            .header("x-api-key", OpenApiIT.Guarded.API_KEY)
            .get("/erasures?erasureId=" + UUID.randomUUID());

    assertDisabled(new Operation("POST", "/erasures"), post);
    assertDisabled(new Operation("GET", "/erasures"), get);
    assertThat(document.errorCodes()).contains("erasure_disabled");
  }

  private void assertDisabled(Operation operation, Response answer) throws Exception {
    assertThat(answer.statusCode()).as(operation + " " + answer.asString()).isEqualTo(503);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonNode body = Json.mapper().readTree(answer.asString());
    assertThat(body.path("error").asText()).isEqualTo("erasure_disabled");
    JsonNode schema = document.answerSchema(operation, 503).orElseThrow();
    assertThat(schemas.problems(body, schema)).as(operation.toString()).isEmpty();
  }
}
