package dev.aisle.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.OpenApiDocument.Operation;
import dev.aisle.api.error.UrlLengthLimit;
import dev.aisle.api.serving.PlantedModels;
import dev.aisle.api.serving.ServingProfile;
import dev.aisle.json.Json;
import dev.aisle.privacy.ShopperTokens;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.faults.DynamoFaults;
import dev.aisle.storage.faults.DynamoFaults.Fault;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code docs/openapi.yaml} against the running api (through the Lambda handler, as API Gateway
 * calls it, on the local stack with a planted model): every route the api serves is documented and
 * every documented route is served; every documented status of every operation and every documented
 * error code is produced by a probe; every probe's body matches the documented schema. The api runs
 * with an API key, an origin secret, a shopper token secret and an erasure salt, so 401 and 403 are
 * reachable on every guarded route and the erasure routes are on. Served routes are Funqy's
 * functions and the router's own exact-path routes (the erasure routes are plain Vert.x).
 */
@QuarkusTest
@TestProfile(OpenApiIT.Guarded.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiIT {

  /**
   * The api with the guards of a deployment: an API key, CloudFront's origin secret, shopper tokens
   * on personalized reads; and erasure on (a salt).
   */
  public static class Guarded extends ServingProfile {
    static final String API_KEY = "openapi-key";
    static final String ORIGIN_SECRET = "openapi-origin";
    static final String TOKEN_SECRET = "openapi-token-secret";
    static final String ERASURE_SALT = "openapi-erasure-salt";

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
      overrides.put("aisle.api-key", API_KEY);
      overrides.put("aisle.origin.secret", ORIGIN_SECRET);
      overrides.put("aisle.shopper-token.secret", TOKEN_SECRET);
      overrides.put("aisle.erasure.salt", ERASURE_SALT);
      // a throttled table answers 503 within seconds
      overrides.put("aisle.ingest.write-budget", "2s");
      return overrides;
    }
  }

  /** Codes no request can produce on purpose. */
  private static final Map<String, String> UNREACHABLE_CODES =
      Map.of(
          "internal_error",
              "a bug by definition (any failure that is not a client error or a failing store)",
          "erasure_disabled",
              "needs an api without an erasure salt: OpenApiErasureOffIT probes it");

  private static final ShopperTokens TOKENS = ShopperTokens.of(Guarded.TOKEN_SECRET);
  private static final String TOKEN_HEADER = "x-aisle-shopper-token";

  /** Routes that need the API key whatever their method. */
  private static final Set<String> KEYED_READS = Set.of("/users/export", "/erasures");

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final RestAssuredConfig RAW =
      RestAssuredConfig.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false));

  /** A request, the operation it addresses, and the answer it must get. */
  record Probe(
      String name,
      Operation operation,
      String uri,
      Map<String, String> headers,
      String body,
      int status,
      String error,
      Fault fault) {

    static Probe of(
        String name,
        String method,
        String path,
        String query,
        String body,
        int status,
        String error) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("x-aisle-origin", Guarded.ORIGIN_SECRET);
      if (method.equals("POST") && !path.equals("/outbox-relay")) {
        headers.put("x-api-key", Guarded.API_KEY);
        headers.put("Content-Type", "application/json");
      }
      if (KEYED_READS.contains(path)) {
        headers.put("x-api-key", Guarded.API_KEY);
      }
      if (path.equals("/recommendations") && query != null) {
        // a personalized read carries a valid token for the shopper it names
        userIdOf(query).ifPresent(user -> headers.put(TOKEN_HEADER, token(user)));
      }
      return new Probe(
          name,
          new Operation(method, path),
          query == null ? path : path + "?" + query,
          headers,
          body,
          status,
          error,
          Fault.NONE);
    }

    Probe without(String header) {
      Map<String, String> fewer = new LinkedHashMap<>(headers);
      fewer.remove(header);
      return new Probe(name, operation, uri, fewer, body, status, error, fault);
    }

    Probe with(String header, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(header, value);
      return new Probe(name, operation, uri, more, body, status, error, fault);
    }

    static java.util.Optional<String> userIdOf(String query) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("userId=")) {
          return java.util.Optional.of(parameter.substring("userId=".length()));
        }
      }
      return java.util.Optional.empty();
    }

    Probe during(Fault injected) {
      return new Probe(name, operation, uri, headers, body, status, error, injected);
    }

    @Override
    public String toString() {
      return name + " (" + operation + " → " + status + ")";
    }
  }

  /** What a probe got. */
  record Result(Probe probe, int status, String contentType, JsonNode body) {}

  @Inject AisleSettings settings;

  @Inject S3Client s3;

  @Inject DynamoDbClient dynamo;

  @Inject RouterRoutes routes;

  private final OpenApiDocument document = OpenApiDocument.ofRepository();
  private final SchemaCheck schemas = new SchemaCheck(document);

  @BeforeEach
  void plantModel() {
    PlantedModels.publishV1UnlessCurrent(new ModelStore(s3, settings.modelsBucket()));
  }

  @Test
  @Order(1)
  void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    Set<String> functions =
        FunctionRecorder.registry.invokers().stream()
            .map(FunctionInvoker::getName)
            .map(name -> "/" + name)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> served = new TreeSet<>(functions);
    served.addAll(routes.exactPaths());

    assertThat(functions).as("the api's functions").isNotEmpty();
    assertThat(routes.exactPaths()).as("the router's own routes").contains("/erasures");
    assertThat(new TreeSet<>(document.paths())).as("documented paths").isEqualTo(served);
    Set<Operation> documented = new LinkedHashSet<>(document.operations());
    for (String path : served) {
      for (String method : METHODS) {
        Response answer = send(method, path, Map.of("x-aisle-origin", Guarded.ORIGIN_SECRET), null);
        String what = method + " " + path;
        if (documented.contains(new Operation(method, path))) {
          assertThat(answer.statusCode()).as(what + " is served").isNotIn(404, 405);
        } else {
          assertThat(answer.statusCode()).as(what + " is not served").isEqualTo(405);
          assertThat(json(answer).path("error").asText()).as(what).isEqualTo("method_not_allowed");
          assertThat(answer.header("Allow")).as(what + " Allow").isNotBlank();
        }
      }
    }
    Response unknown =
        send("GET", "/recommendation", Map.of("x-aisle-origin", Guarded.ORIGIN_SECRET), null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText()).isEqualTo("not_found");
  }

  @Test
  @Order(2)
  void everyProbeGetsItsDocumentedAnswer() {
    List<Result> results = probes().stream().map(this::run).toList();

    List<String> problems = new ArrayList<>();
    for (Result result : results) {
      Probe probe = result.probe();
      if (result.status() != probe.status()) {
        problems.add(probe + ": got " + result.status() + " " + result.body());
        continue;
      }
      if (!String.valueOf(result.contentType()).startsWith("application/json")) {
        problems.add(probe + ": Content-Type " + result.contentType());
        continue;
      }
      if (probe.error() != null && !probe.error().equals(result.body().path("error").asText())) {
        problems.add(
            probe + ": error " + result.body().path("error") + ", expected " + probe.error());
      }
      JsonNode schema = document.answerSchema(probe.operation(), result.status()).orElse(null);
      if (document.documents(probe.operation())
          && result.status() != 500
          && !document.statuses(probe.operation()).contains(result.status())) {
        // "default" describes the 500 of a bug; every status a request can provoke is listed
        problems.add(
            probe + ": status " + result.status() + " is not listed (only default would cover it)");
      } else if (schema == null) {
        problems.add(probe + ": status " + result.status() + " is not documented");
      } else {
        schemas.problems(result.body(), schema).forEach(p -> problems.add(probe + ": " + p));
      }
    }
    assertThat(problems).as("answers that differ from docs/openapi.yaml").isEmpty();

    for (Operation operation : document.operations()) {
      Set<Integer> produced =
          results.stream()
              .filter(r -> r.probe().operation().equals(operation))
              .map(Result::status)
              .collect(Collectors.toSet());
      assertThat(produced)
          .as("statuses probed on " + operation)
          .containsAll(document.statuses(operation));
    }
    Set<String> codes =
        results.stream()
            .map(r -> r.body().path("error").asText(null))
            .filter(code -> code != null)
            .collect(Collectors.toSet());
    Set<String> expected = new TreeSet<>(document.errorCodes());
    expected.removeAll(UNREACHABLE_CODES.keySet());
    assertThat(codes).as("error codes produced by the probes").containsAll(expected);
    assertThat(document.errorCodes())
        .as("the codes exempted from probing are documented")
        .containsAll(UNREACHABLE_CODES.keySet());
  }

  @Test
  @Order(3)
  void aUrlOfExactlyTheLimitIsAnsweredAndOneByteMoreIsNot() {
    String prefix = "/recommendations?userId=u-limit&k=3&pad=";
    String atLimit = prefix + "x".repeat(UrlLengthLimit.MAX_URL_BYTES - prefix.length());
    Map<String, String> origin =
        Map.of("x-aisle-origin", Guarded.ORIGIN_SECRET, TOKEN_HEADER, token("u-limit"));

    assertThat(atLimit).hasSize(UrlLengthLimit.MAX_URL_BYTES);
    Response answered = send("GET", atLimit, origin, null);
    // the unknown parameter is ignored, like any other: the limit is what is tested
    assertThat(answered.statusCode()).as(answered.asString()).isEqualTo(200);
    Response refused = send("GET", atLimit + "x", origin, null);
    assertThat(refused.statusCode()).isEqualTo(414);
    assertThat(json(refused).path("error").asText()).isEqualTo("uri_too_long");
    assertThat(json(refused).path("message").asText()).contains("6144 bytes");
  }

  private List<Probe> probes() {
    String longQuery = "exclude=" + "i".repeat(UrlLengthLimit.MAX_URL_BYTES);
    String event =
        "{\"events\":[{\"eventId\":\"openapi-1\",\"userId\":\"u-openapi\",\"itemId\":\"i0\",\"type\":\"view\"}]}";
    String item =
        "{\"items\":[{\"itemId\":\"i-openapi\",\"title\":\"Tent\",\"category\":\"outdoor\",\"price\":9.5,"
            + "\"tags\":[\"camping\"],\"available\":true}]}";
    String user = "{\"users\":[{\"userId\":\"u-openapi\",\"attributes\":{\"country\":\"DE\"}}]}";
    String tooLarge = "{\"events\":[]}" + " ".repeat(1024 * 1024 + 1);
    List<Probe> probes = new ArrayList<>();
    // reads
    probes.add(Probe.of("health", "GET", "/health", null, null, 200, null));
    probes.add(
        Probe.of("health without origin", "GET", "/health", null, null, 403, "forbidden")
            .without("x-aisle-origin"));
    probes.add(Probe.of("health long URL", "GET", "/health", longQuery, null, 414, "uri_too_long"));
    probes.add(
        Probe.of(
            "recommendations",
            "GET",
            "/recommendations",
            "userId=u-openapi&k=3&context.country=DE",
            null,
            200,
            null));
    probes.add(
        Probe.of(
            "recommendations k=0",
            "GET",
            "/recommendations",
            "userId=u&k=0",
            null,
            400,
            "invalid_request"));
    probes.add(
        Probe.of(
                "recommendations no token",
                "GET",
                "/recommendations",
                "userId=u-openapi",
                null,
                401,
                "unauthorized")
            .without(TOKEN_HEADER));
    probes.add(
        Probe.of(
                "recommendations another shopper's token",
                "GET",
                "/recommendations",
                "userId=u-openapi",
                null,
                401,
                "unauthorized")
            .with(TOKEN_HEADER, token("u-other")));
    probes.add(
        Probe.of(
                "recommendations wrong origin",
                "GET",
                "/recommendations",
                "userId=u",
                null,
                403,
                "forbidden")
            .with("x-aisle-origin", "guess"));
    probes.add(
        Probe.of(
            "recommendations long exclude",
            "GET",
            "/recommendations",
            "userId=u&" + longQuery,
            null,
            414,
            "uri_too_long"));
    probes.add(Probe.of("similar", "GET", "/similar", "itemId=i0&k=3", null, 200, null));
    probes.add(
        Probe.of("similar no itemId", "GET", "/similar", null, null, 400, "invalid_request"));
    probes.add(
        Probe.of(
            "similar unknown item",
            "GET",
            "/similar",
            "itemId=no-such-item",
            null,
            404,
            "not_found"));
    probes.add(
        Probe.of("similar without origin", "GET", "/similar", "itemId=i0", null, 403, "forbidden")
            .without("x-aisle-origin"));
    probes.add(
        Probe.of(
            "similar long URL",
            "GET",
            "/similar",
            "itemId=i0&" + longQuery,
            null,
            414,
            "uri_too_long"));
    // writes
    Map<String, String> valid = Map.of("/events", event, "/items", item, "/users", user);
    valid.forEach(
        (path, body) -> {
          probes.add(Probe.of(path + " valid", "POST", path, null, body, 200, null));
          probes.add(
              Probe.of(path + " not JSON", "POST", path, null, "{\"", 400, "malformed_json"));
          probes.add(
              Probe.of(path + " no key", "POST", path, null, body, 401, "unauthorized")
                  .without("x-api-key"));
          probes.add(
              Probe.of(path + " without origin", "POST", path, null, body, 403, "forbidden")
                  .without("x-aisle-origin"));
          probes.add(
              Probe.of(
                  path + " over 1 MiB", "POST", path, null, tooLarge, 413, "payload_too_large"));
          probes.add(
              Probe.of(path + " long URL", "POST", path, longQuery, body, 414, "uri_too_long"));
          probes.add(
              Probe.of(path + " as text", "POST", path, null, body, 415, "unsupported_media_type")
                  .with("Content-Type", "text/plain"));
          probes.add(
              Probe.of(
                      path + " throttled table",
                      "POST",
                      path,
                      null,
                      body.replace("openapi-1", "openapi-2"),
                      503,
                      "unavailable")
                  .during(Fault.THROTTLED));
        });
    probes.add(Probe.of("events empty body", "POST", "/events", null, "", 400, "empty_body"));
    probes.add(
        Probe.of(
            "events invalid",
            "POST",
            "/events",
            null,
            "{\"events\":[{\"userId\":\"u\"}]}",
            400,
            "invalid_request"));
    // the relay
    probes.add(Probe.of("outbox relay", "POST", "/outbox-relay", null, null, 200, null));
    probes.add(
        Probe.of(
                "outbox relay without origin",
                "POST",
                "/outbox-relay",
                null,
                null,
                403,
                "forbidden")
            .without("x-aisle-origin"));
    probes.add(
        Probe.of(
            "outbox relay long URL",
            "POST",
            "/outbox-relay",
            longQuery,
            null,
            414,
            "uri_too_long"));
    // a shopper's export
    String export = "userId=u-openapi";
    probes.add(Probe.of("export", "GET", "/users/export", export, null, 200, null));
    probes.add(
        Probe.of(
            "export next page",
            "GET",
            "/users/export",
            export + "&after=openapi-0",
            null,
            200,
            null));
    probes.add(
        Probe.of(
            "export unknown shopper", "GET", "/users/export", "userId=u-nobody", null, 200, null));
    probes.add(
        Probe.of("export no userId", "GET", "/users/export", null, null, 400, "invalid_request"));
    probes.add(
        Probe.of("export no key", "GET", "/users/export", export, null, 401, "unauthorized")
            .without("x-api-key"));
    probes.add(
        Probe.of("export without origin", "GET", "/users/export", export, null, 403, "forbidden")
            .without("x-aisle-origin"));
    probes.add(
        Probe.of(
            "export long URL",
            "GET",
            "/users/export",
            export + "&" + longQuery,
            null,
            414,
            "uri_too_long"));
    probes.add(
        Probe.of("export throttled table", "GET", "/users/export", export, null, 503, "unavailable")
            .during(Fault.THROTTLED));
    // erasure
    String erase = "{\"userId\":\"u-openapi-erase\"}";
    probes.add(Probe.of("erasure", "POST", "/erasures", null, erase, 202, null));
    probes.add(Probe.of("erasure empty body", "POST", "/erasures", null, "", 400, "empty_body"));
    probes.add(
        Probe.of("erasure not JSON", "POST", "/erasures", null, "{\"", 400, "malformed_json"));
    probes.add(
        Probe.of(
            "erasure id not a string",
            "POST",
            "/erasures",
            null,
            "{\"userId\":5}",
            400,
            "invalid_request"));
    probes.add(
        Probe.of("erasure no key", "POST", "/erasures", null, erase, 401, "unauthorized")
            .without("x-api-key"));
    probes.add(
        Probe.of("erasure without origin", "POST", "/erasures", null, erase, 403, "forbidden")
            .without("x-aisle-origin"));
    probes.add(
        Probe.of(
            "erasure over 1 MiB", "POST", "/erasures", null, tooLarge, 413, "payload_too_large"));
    probes.add(
        Probe.of("erasure long URL", "POST", "/erasures", longQuery, erase, 414, "uri_too_long"));
    probes.add(
        Probe.of("erasure as text", "POST", "/erasures", null, erase, 415, "unsupported_media_type")
            .with("Content-Type", "text/plain"));
    probes.add(
        Probe.of(
                "erasure throttled table",
                "POST",
                "/erasures",
                null,
                "{\"userId\":\"u-openapi-throttled\"}",
                503,
                "unavailable")
            .during(Fault.THROTTLED));
    String pending = erasureOf("u-openapi-pending", false);
    String complete = erasureOf("u-openapi-complete", true);
    probes.add(
        Probe.of("erasure pending", "GET", "/erasures", "erasureId=" + pending, null, 200, null));
    probes.add(
        Probe.of("erasure complete", "GET", "/erasures", "erasureId=" + complete, null, 200, null));
    probes.add(
        Probe.of("erasure status no id", "GET", "/erasures", null, null, 400, "invalid_request"));
    probes.add(
        Probe.of(
            "erasure status by userId",
            "GET",
            "/erasures",
            "userId=u-openapi",
            null,
            400,
            "invalid_request"));
    probes.add(
        Probe.of(
            "erasure status unknown id",
            "GET",
            "/erasures",
            "erasureId=" + java.util.UUID.randomUUID(),
            null,
            404,
            "not_found"));
    probes.add(
        Probe.of(
                "erasure status no key",
                "GET",
                "/erasures",
                "erasureId=" + pending,
                null,
                401,
                "unauthorized")
            .without("x-api-key"));
    probes.add(
        Probe.of(
                "erasure status without origin",
                "GET",
                "/erasures",
                "erasureId=" + pending,
                null,
                403,
                "forbidden")
            .without("x-aisle-origin"));
    probes.add(
        Probe.of(
            "erasure status long URL",
            "GET",
            "/erasures",
            "erasureId=" + pending + "&" + longQuery,
            null,
            414,
            "uri_too_long"));
    probes.add(
        Probe.of(
                "erasure status throttled table",
                "GET",
                "/erasures",
                "erasureId=" + pending,
                null,
                503,
                "unavailable")
            .during(Fault.THROTTLED));
    // not an operation: the codes of the router
    probes.add(
        Probe.of("unknown path", "GET", "/recommendation", "userId=u", null, 404, "not_found"));
    probes.add(
        Probe.of("GET a write route", "GET", "/events", null, null, 405, "method_not_allowed"));
    return probes;
  }

  /**
   * Requests an erasure of {@code userId} through the api and, if {@code completed}, marks it done
   * the way the stream function does; returns its id.
   */
  private String erasureOf(String userId, boolean completed) {
    Map<String, String> headers =
        Map.of(
            "x-aisle-origin",
            Guarded.ORIGIN_SECRET,
            "x-api-key",
            Guarded.API_KEY,
            "Content-Type",
            "application/json");
    Response accepted = send("POST", "/erasures", headers, "{\"userId\":\"" + userId + "\"}");
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    String erasureId = json(accepted).path("erasureId").asText();
    if (completed) {
      new ErasureStore(dynamo, settings.erasuresTable(), Duration.ofDays(30), Duration.ofDays(365))
          .complete(
              erasureId,
              new ShopperHash(Guarded.ERASURE_SALT).of(userId),
              Map.of("events", 2L, "userState", 1L, "user", 0L, "outbox", 0L, "pairs", 1L),
              Instant.now());
    }
    return erasureId;
  }

  private static String token(String userId) {
    return TOKENS.mint(userId, Instant.now(), Duration.ofMinutes(15));
  }

  private Result run(Probe probe) {
    DynamoFaults.inject(probe.fault());
    try {
      Response answer =
          send(probe.operation().method(), probe.uri(), probe.headers(), probe.body());
      return new Result(probe, answer.statusCode(), answer.contentType(), json(answer));
    } finally {
      DynamoFaults.inject(Fault.NONE);
    }
  }

  private static Response send(
      String method, String uri, Map<String, String> headers, String body) {
    RequestSpecification spec = given().config(RAW).noFilters().urlEncodingEnabled(false);
    headers.forEach(spec::header);
    if (!headers.containsKey("Content-Type")) {
      spec.noContentType();
    }
    if (body != null) {
      spec.body(body);
    }
    return spec.request(method, uri);
  }

  private static JsonNode json(Response answer) {
    try {
      String text = answer.asString();
      return text.isEmpty() ? Json.mapper().missingNode() : Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.asString(), e);
    }
  }
}
