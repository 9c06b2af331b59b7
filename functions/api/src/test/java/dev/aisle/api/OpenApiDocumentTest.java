package dev.aisle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.OpenApiDocument.Operation;
import dev.aisle.json.Json;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml is a well-formed OpenAPI 3.0 document, and the schema check catches wrong
 * bodies.
 */
class OpenApiDocumentTest {

  private final OpenApiDocument document = OpenApiDocument.ofRepository();
  private final SchemaCheck check = new SchemaCheck(document);

  @Test
  void isAnOpenApi3DocumentWhoseReferencesResolve() {
    assertThat(document.root().path("openapi").asText()).startsWith("3.0.");
    assertThat(document.root().at("/info/title").asText()).isNotBlank();
    assertThat(document.references())
        .isNotEmpty()
        .allSatisfy(
            ref ->
                assertThat(document.root().at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
    assertThat(document.operations())
        .extracting(Operation::toString)
        .contains("GET /recommendations", "POST /events", "GET /health");
  }

  @Test
  void everyOperationDocumentsItsErrorsWithTheErrorSchema() {
    JsonNode error = document.errorSchema();
    for (Operation operation : document.operations()) {
      for (int status : document.statuses(operation)) {
        if (status >= 400) {
          assertThat(document.answerSchema(operation, status))
              .as(operation + " " + status)
              .contains(error);
        }
      }
      assertThat(document.answerSchema(operation, 500)).as(operation + " default").contains(error);
    }
  }

  @Test
  void theSchemaCheckAcceptsAConformingErrorAndReportsEachBreach() throws Exception {
    JsonNode error = document.errorSchema();
    JsonNode good =
        Json.mapper()
            .readTree(
                "{\"error\":\"invalid_request\",\"message\":\"1 of 1 events are invalid\",\"details\":[{\"index\":0,\"field\":\"userId\",\"message\":\"is required\"}]}");
    JsonNode bad =
        Json.mapper()
            .readTree(
                "{\"error\":\"http_431\",\"message\":\"\",\"details\":[{\"index\":-1}],\"trace\":\"at x\"}");

    assertThat(check.problems(good, error)).isEmpty();
    assertThat(check.problems(bad, error))
        .hasSize(5)
        .anySatisfy(p -> assertThat(p).contains("$.error"))
        .anySatisfy(p -> assertThat(p).contains("$.trace: not in the schema"))
        .anySatisfy(p -> assertThat(p).contains("$.details[0]: missing required message"))
        .anySatisfy(p -> assertThat(p).contains("$.details[0].index"))
        .anySatisfy(p -> assertThat(p).contains("$.message"));
  }

  @Test
  void nullIsAcceptedOnlyWhereNullable() throws Exception {
    Operation health = new Operation("GET", "/health");
    JsonNode schema = document.answerSchema(health, 200).orElseThrow();

    assertThat(
            check.problems(
                Json.mapper().readTree("{\"status\":\"ok\",\"modelVersion\":null}"), schema))
        .isEmpty();
    assertThat(
            check.problems(
                Json.mapper().readTree("{\"status\":null,\"modelVersion\":\"v1\"}"), schema))
        .containsExactly("$.status: null but not nullable");
  }
}
