package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.LocalStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code aisle.api-key} set, the write routes want one of its keys; the read routes do not.
 */
@QuarkusTest
@TestProfile(ApiKeyIT.WithKeys.class)
class ApiKeyIT {

  private final String body = "{\"users\":[{\"userId\":\"key-%s\"}]}".formatted(UUID.randomUUID());

  @Test
  void writesWithoutAValidKeyAreRefusedOnBothPaths() {
    for (Exchange.Request request :
        List.of(
            Exchange.Request.postJson("/users", body),
            Exchange.Request.postJson("/events", "{}").withHeader("x-api-key", "key-three"),
            Exchange.Request.postJson("/items", "{}").withHeader("x-api-key", "KEY-ONE"),
            Exchange.Request.post("/events", "text/plain", new byte[0])
                .withHeader("x-api-key", ""))) {
      Exchange.Answer http = Exchange.http(request);
      Exchange.Answer lambda = Exchange.lambda(request);

      assertThat(http.status()).isEqualTo(401);
      assertThat(http.json().get("error").asText()).isEqualTo("unauthorized");
      assertThat(http.json().get("message").asText())
          .isEqualTo("missing or invalid x-api-key header");
      assertThat(lambda.status()).isEqualTo(401);
      assertThat(lambda.body()).isEqualTo(http.body());
    }
  }

  @Test
  void eachConfiguredKeyIsAccepted() {
    for (String key : List.of("key-one", "key-two")) {
      Exchange.Answer answer =
          Exchange.http(Exchange.Request.postJson("/users", body).withHeader("x-api-key", key));

      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  @Test
  void readRoutesNeedNoKey() {
    assertThat(Exchange.http(new Exchange.Request("GET", "/health", Map.of(), null)).status())
        .isEqualTo(200);
  }

  /** Two keys, as during a rotation. */
  public static class WithKeys implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aisle.api-key", "key-one, key-two");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalStackResource.class));
    }
  }
}
