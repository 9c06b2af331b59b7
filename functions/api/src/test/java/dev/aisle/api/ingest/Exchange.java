package dev.aisle.api.ingest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.json.Json;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Sends one HTTP request to the application under test, either as HTTP through the test port (REST
 * Assured; with the Lambda extension that goes through the Lambda handler too) or as a raw API
 * Gateway HTTP API (payload v2) event to the Lambda mock event server, as API Gateway would.
 */
final class Exchange {

  /** The request of a test case: bytes exactly as given, headers exactly as given (none added). */
  record Request(String method, String path, Map<String, String> headers, byte[] body) {

    static Request post(String path, String contentType, byte[] body) {
      Map<String, String> headers = new LinkedHashMap<>();
      if (contentType != null) {
        headers.put("Content-Type", contentType);
      }
      return new Request("POST", path, headers, body);
    }

    static Request postJson(String path, String json) {
      return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Request withMethod(String other) {
      return new Request(other, path, headers, body);
    }

    Request withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Request(method, path, more, body);
    }
  }

  /** What came back: status, Content-Type, Retry-After (null when absent) and the body as text. */
  record Answer(int status, String contentType, String retryAfter, String body) {

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  // no default charset or content type added to what a case sends
  private static final RestAssuredConfig RAW =
      RestAssuredConfig.config()
          .encoderConfig(
              EncoderConfig.encoderConfig()
                  .appendDefaultContentCharsetToContentTypeIfUndefined(false));

  private Exchange() {}

  static Answer http(Request request) {
    RequestSpecification spec = given().config(RAW).noFilters();
    request.headers().forEach(spec::header);
    if (request.body() != null && request.body().length > 0) {
      String type = request.headers().getOrDefault("Content-Type", "");
      // a form body must be text for REST Assured; any other goes out byte for byte from a stream
      // (a byte[] would be decoded and encoded again)
      if (type.startsWith("application/x-www-form-urlencoded")) {
        spec.body(new String(request.body(), StandardCharsets.UTF_8));
      } else {
        spec.body(new java.io.ByteArrayInputStream(request.body()));
      }
    }
    if (!request.headers().containsKey("Content-Type")) {
      spec.noContentType();
    }
    Response response = spec.request(request.method(), request.path());
    return new Answer(
        response.statusCode(),
        response.contentType(),
        response.header("Retry-After"),
        response.asString());
  }

  static Answer lambda(Request request) {
    return lambdaEvent(event(request));
  }

  /**
   * Posts an API Gateway v2 event (JSON) to the Lambda handler, as API Gateway or a schedule would.
   */
  static Answer lambdaEvent(String event) {
    Response response = given().contentType("application/json").body(event).post("/_lambda_");
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "the mock event server answered " + response.statusCode() + ": " + response.asString());
    }
    JsonNode result = Json.mapper().valueToTree(response.as(Map.class));
    String body = result.path("body").asText("");
    if (result.path("isBase64Encoded").asBoolean(false)) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return new Answer(
        result.path("statusCode").asInt(),
        header(result, "content-type"),
        header(result, "retry-after"),
        body);
  }

  /**
   * The API Gateway v2 event for {@code request}. Like API Gateway (and the mock event server), a
   * body with a text content type (text/*, JSON, XML) travels as a string, decoded as UTF-8 (bytes
   * that are not UTF-8 become U+FFFD); any other body, or one without a content type,
   * base64-encoded.
   */
  static String event(Request request) {
    ObjectNode event = Json.mapper().createObjectNode();
    int query = request.path().indexOf('?');
    String path = query < 0 ? request.path() : request.path().substring(0, query);
    event
        .put("version", "2.0")
        .put("routeKey", "$default")
        .put("rawPath", path)
        .put("rawQueryString", query < 0 ? "" : request.path().substring(query + 1));
    ObjectNode headers = event.putObject("headers");
    request.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    ObjectNode context = event.putObject("requestContext");
    context
        .put("accountId", "123456789012")
        .put("apiId", "aisle")
        .put("domainName", "localhost")
        .put("requestId", UUID.randomUUID().toString())
        .put("routeKey", "$default")
        .put("stage", "$default")
        .put("timeEpoch", Instant.now().toEpochMilli());
    context
        .putObject("http")
        .put("method", request.method())
        .put("path", path)
        .put("protocol", "HTTP/1.1")
        .put("sourceIp", "127.0.0.1")
        .put("userAgent", "aisle-ingest-test");
    byte[] body = request.body() == null ? new byte[0] : request.body();
    boolean binary = !isText(request.headers().get("Content-Type"));
    if (body.length > 0) {
      event.put(
          "body",
          binary
              ? Base64.getEncoder().encodeToString(body)
              : new String(body, StandardCharsets.UTF_8));
    }
    event.put("isBase64Encoded", body.length > 0 && binary);
    return event.toString();
  }

  private static boolean isText(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text") || type.contains("json") || type.contains("xml");
  }

  private static String header(JsonNode result, String name) {
    for (String field : new String[] {"headers", "multiValueHeaders"}) {
      var it = result.path(field).fields();
      while (it.hasNext()) {
        var entry = it.next();
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().isArray()
              ? entry.getValue().get(0).asText()
              : entry.getValue().asText();
        }
      }
    }
    return null;
  }
}
