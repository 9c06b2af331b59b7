package dev.aisle.api.ingest;

import dev.aisle.api.ingest.Exchange.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The table of requests the write routes must refuse, each with the answer it must get: status,
 * error code, a piece of the message, and (for validation errors) the index and field the details
 * must name. One table drives every path: HTTP, API Gateway events, the plain local server.
 */
final class RejectedRequests {

  /**
   * One refused request. {@code error}: the code, or alternatives separated by "|"; {@code
   * index}/{@code field}: a detail that must be present (both null: none required).
   */
  record Case(
      String name,
      Request request,
      int status,
      String error,
      String messagePart,
      Integer index,
      String field) {

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String VALID =
      "{\"userId\":\"u-rejected\",\"itemId\":\"i-rejected\",\"type\":\"view\"}";

  private RejectedRequests() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    brokenJson(cases);
    envelopes(cases);
    eventFields(cases);
    limits(cases);
    http(cases);
    catalog(cases);
    return cases;
  }

  private static void brokenJson(List<Case> cases) {
    cases.add(
        body("truncated JSON", "{\"events\":[" + VALID, 400, "malformed_json", "not valid JSON"));
    cases.add(
        body("trailing comma", "{\"events\":[" + VALID + ",]}", 400, "malformed_json", "line 1"));
    cases.add(body("not JSON at all", "events=1", 400, "malformed_json", "not valid JSON"));
    cases.add(body("single quotes", "{'events':[]}", 400, "malformed_json", "not valid JSON"));
    cases.add(
        body(
            "missing comma",
            "{\"events\":[{\"userId\":\"u\" \"itemId\":\"i\"}]}",
            400,
            "malformed_json",
            "column"));
    cases.add(
        body(
            "NaN literal",
            event("\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":NaN"),
            400,
            "malformed_json",
            "NaN"));
    cases.add(
        body(
            "Infinity literal",
            event("\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":Infinity"),
            400,
            "malformed_json",
            "not valid JSON"));
    cases.add(
        body(
            "duplicate field",
            "{\"events\":[{\"userId\":\"u\",\"userId\":\"v\",\"itemId\":\"i\",\"type\":\"view\"}]}",
            400,
            "malformed_json",
            "Duplicate field 'userId'"));
    // the plain HTTP server parses the bytes (malformed_json); API Gateway hands a JSON body over
    // as
    // text, the bad bytes already turned into U+FFFD, which the field rules refuse
    // (invalid_request)
    cases.add(
        new Case(
            "invalid UTF-8",
            Request.post(
                "/events",
                "application/json",
                concat(
                    "{\"events\":[{\"userId\":\"".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, (byte) 0x28},
                    "\",\"itemId\":\"i\",\"type\":\"view\"}]}".getBytes(StandardCharsets.UTF_8))),
            400,
            "malformed_json|invalid_request",
            "UTF-8",
            null,
            null));
    cases.add(
        body(
            "deep nesting in context",
            event(
                "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":"
                    + "{\"a\":".repeat(40)
                    + "\"x\""
                    + "}".repeat(40)),
            400,
            "malformed_json",
            "nesting depth"));
    cases.add(
        body(
            "deep array nesting",
            "[".repeat(100_000) + "]".repeat(100_000),
            400,
            "malformed_json",
            "nesting depth"));
    cases.add(body("empty body", "", 400, "empty_body", "body is empty"));
    cases.add(body("whitespace body", "   \n ", 400, "empty_body", "body is empty"));
  }

  private static void envelopes(List<Case> cases) {
    cases.add(body("JSON null", "null", 400, "invalid_request", "must be a JSON object"));
    cases.add(
        body(
            "top-level array", "[" + VALID + "]", 400, "invalid_request", "must be a JSON object"));
    cases.add(
        body("top-level string", "\"events\"", 400, "invalid_request", "must be a JSON object"));
    cases.add(detail("no events field", "{}", null, "events", "is required"));
    cases.add(detail("events is an object", "{\"events\":{}}", null, "events", "must be an array"));
    cases.add(detail("no event at all", "{\"events\":[]}", null, "events", "1 to 500"));
    cases.add(
        detail(
            "501 events",
            "{\"events\":[" + String.join(",", Collections.nCopies(501, VALID)) + "]}",
            null,
            "events",
            "got 501"));
    cases.add(
        detail(
            "unknown top-level field",
            "{\"events\":[" + VALID + "],\"batch\":1}",
            null,
            "batch",
            "unknown field"));
    cases.add(
        detail("event is a string", "{\"events\":[\"view\"]}", 0, null, "must be a JSON object"));
    cases.add(
        detail(
            "second of three invalid",
            "{\"events\":[" + VALID + ",{\"userId\":\"u\"}," + VALID + "]}",
            1,
            "itemId",
            "is required"));
  }

  private static void eventFields(List<Case> cases) {
    String future =
        Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    cases.add(
        field("missing userId", "\"itemId\":\"i\",\"type\":\"view\"", "userId", "is required"));
    cases.add(
        field("missing itemId", "\"userId\":\"u\",\"type\":\"view\"", "itemId", "is required"));
    cases.add(field("missing type", "\"userId\":\"u\",\"itemId\":\"i\"", "type", "is required"));
    cases.add(
        field(
            "unknown type",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"like\"",
            "type",
            "unknown event type"));
    cases.add(
        field(
            "type is a number",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":3",
            "type",
            "must be a string"));
    cases.add(
        field(
            "userId is a number",
            "\"userId\":42,\"itemId\":\"i\",\"type\":\"view\"",
            "userId",
            "must be a string"));
    cases.add(
        field(
            "userId is null",
            "\"userId\":null,\"itemId\":\"i\",\"type\":\"view\"",
            "userId",
            "is required"));
    cases.add(
        field(
            "userId empty",
            "\"userId\":\"\",\"itemId\":\"i\",\"type\":\"view\"",
            "userId",
            "must not be empty"));
    cases.add(
        field(
            "userId 129 characters",
            "\"userId\":\"" + "u".repeat(129) + "\",\"itemId\":\"i\",\"type\":\"view\"",
            "userId",
            "at most 128"));
    cases.add(
        field(
            "userId with a control character",
            "\"userId\":\"a\\u0001b\",\"itemId\":\"i\",\"type\":\"view\"",
            "userId",
            "control characters"));
    cases.add(
        field(
            "itemId with a newline",
            "\"userId\":\"u\",\"itemId\":\"a\\nb\",\"type\":\"view\"",
            "itemId",
            "control characters"));
    cases.add(
        field(
            "itemId with an unpaired surrogate",
            "\"userId\":\"u\",\"itemId\":\"\\ud800\",\"type\":\"view\"",
            "itemId",
            "unpaired surrogate"));
    cases.add(
        field(
            "eventId empty",
            "\"eventId\":\"\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"",
            "eventId",
            "must not be empty"));
    cases.add(
        field(
            "eventId 129 characters",
            "\"eventId\":\""
                + "e".repeat(129)
                + "\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"",
            "eventId",
            "at most 128"));
    cases.add(
        field(
            "sessionId is an object",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"sessionId\":{}",
            "sessionId",
            "must be a string"));
    cases.add(
        field(
            "timestamp an hour ahead",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"" + future + "\"",
            "timestamp",
            "5 minutes in the future"));
    cases.add(
        field(
            "timestamp not ISO-8601",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"01/06/2024\"",
            "timestamp",
            "ISO-8601"));
    cases.add(
        field(
            "timestamp as epoch millis",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":1717243200000",
            "timestamp",
            "must be a string"));
    cases.add(
        field(
            "timestamp in 1970",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"1970-01-01T00:00:00Z\"",
            "timestamp",
            "before 2000"));
    cases.add(
        field(
            "rating without value",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\"",
            "value",
            "required"));
    cases.add(
        field(
            "rating of 6",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":6",
            "value",
            "between 0 and 5"));
    cases.add(
        field(
            "rating as a string",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":\"5\"",
            "value",
            "must be a number"));
    cases.add(
        field(
            "huge rating",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":1e400",
            "value",
            "finite"));
    cases.add(
        field(
            "huge integer quantity",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":123456789012345678901234567890",
            "value",
            "between 1 and 10000"));
    cases.add(
        field(
            "negative quantity",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":-2",
            "value",
            "between 1 and 10000"));
    cases.add(
        field(
            "fractional quantity",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":1.5",
            "value",
            "whole number"));
    cases.add(
        field(
            "value on a click",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"click\",\"value\":1",
            "value",
            "only allowed for rating"));
    cases.add(
        field(
            "context is a string",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":\"mobile\"",
            "context",
            "must be a JSON object of strings"));
    cases.add(
        field(
            "context value is a number",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":{\"age\":3}",
            "context.age",
            "must be a string"));
    cases.add(
        field(
            "context value 129 characters",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":{\"k\":\""
                + "v".repeat(129)
                + "\"}",
            "context.k",
            "at most 128"));
    StringBuilder seventeen = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      seventeen.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    cases.add(
        field(
            "context with 17 entries",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":{" + seventeen + "}",
            "context",
            "at most 16"));
    cases.add(
        field(
            "unknown event field",
            "\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":\"2024-01-01T00:00:00Z\"",
            "ts",
            "unknown field"));
  }

  private static void limits(List<Case> cases) {
    String twoMebibytes = "{\"events\":[" + VALID + "]}" + " ".repeat(2 * 1024 * 1024);
    cases.add(body("2 MiB body", twoMebibytes, 413, "payload_too_large", "exceeds 1048576 bytes"));
    // above a synchronous Lambda invocation's 6 MB: Aisle answers wherever such a body reaches it
    // (the local server; behind API Gateway the gateway answers, see docs/reliability.md)
    String sevenMegabytes = "{\"events\":[" + VALID + "]}" + " ".repeat(7_000_000);
    cases.add(body("7 MB body", sevenMegabytes, 413, "payload_too_large", "exceeds 1048576 bytes"));
    String oneByteOver = "{\"events\":[" + VALID + "]}";
    cases.add(
        body(
            "1 MiB and one byte",
            oneByteOver + " ".repeat(1024 * 1024 + 1 - oneByteOver.length()),
            413,
            "payload_too_large",
            "exceeds"));
  }

  private static void http(List<Case> cases) {
    byte[] valid = ("{\"events\":[" + VALID + "]}").getBytes(StandardCharsets.UTF_8);
    cases.add(
        new Case(
            "text/plain",
            Request.post("/events", "text/plain", valid),
            415,
            "unsupported_media_type",
            "application/json",
            null,
            null));
    cases.add(
        new Case(
            "form encoded",
            Request.post("/events", "application/x-www-form-urlencoded", valid),
            415,
            "unsupported_media_type",
            "application/json",
            null,
            null));
    cases.add(
        new Case(
            "no content type",
            Request.post("/events", null, valid),
            415,
            "unsupported_media_type",
            "application/json",
            null,
            null));
    cases.add(
        new Case(
            "any content type",
            Request.post("/events", "*/*", valid),
            415,
            "unsupported_media_type",
            "application/json",
            null,
            null));
    cases.add(
        new Case(
            "JSON in Latin-1",
            Request.post("/events", "application/json; charset=ISO-8859-1", valid),
            415,
            "unsupported_media_type",
            "UTF-8",
            null,
            null));
    cases.add(
        new Case(
            "GET /events",
            new Request("GET", "/events", java.util.Map.of(), null),
            405,
            "method_not_allowed",
            "POST only",
            null,
            null));
    cases.add(
        new Case(
            "PUT /events",
            Request.post("/events", "application/json", valid).withMethod("PUT"),
            405,
            "method_not_allowed",
            "POST only",
            null,
            null));
    cases.add(
        new Case(
            "DELETE /items",
            new Request("DELETE", "/items", java.util.Map.of(), null),
            405,
            "method_not_allowed",
            "POST only",
            null,
            null));
    // past the URL limit (6,144 bytes) and the HTTP server's default request line (4,096): the api
    // answers, in its JSON, not the server with an empty 414
    String longUrl = "/events?pad=" + "x".repeat(dev.aisle.api.error.UrlLengthLimit.MAX_URL_BYTES);
    cases.add(
        new Case(
            "URL over 6,144 bytes",
            Request.post(longUrl, "application/json", valid),
            414,
            "uri_too_long",
            "exceeds 6144 bytes",
            null,
            null));
    cases.add(
        new Case(
            "unknown path",
            Request.post("/event", "application/json", valid),
            404,
            "not_found",
            "no such endpoint: POST /event",
            null,
            null));
  }

  private static void catalog(List<Case> cases) {
    cases.add(
        new Case(
            "item without itemId",
            Request.postJson("/items", "{\"items\":[{\"title\":\"Tent\"}]}"),
            400,
            "invalid_request",
            "1 of 1 items are invalid",
            0,
            "itemId"));
    cases.add(
        new Case(
            "item price as a string",
            Request.postJson("/items", "{\"items\":[{\"itemId\":\"i\",\"price\":\"9.99\"}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            0,
            "price"));
    cases.add(
        new Case(
            "item price negative",
            Request.postJson("/items", "{\"items\":[{\"itemId\":\"i\",\"price\":-1}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            0,
            "price"));
    cases.add(
        new Case(
            "item tags not a list",
            Request.postJson("/items", "{\"items\":[{\"itemId\":\"i\",\"tags\":\"sale\"}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            0,
            "tags"));
    cases.add(
        new Case(
            "item available as a string",
            Request.postJson("/items", "{\"items\":[{\"itemId\":\"i\",\"available\":\"yes\"}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            0,
            "available"));
    cases.add(
        new Case(
            "items under the wrong key",
            Request.postJson("/items", "{\"events\":[{\"itemId\":\"i\"}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            null,
            "items"));
    cases.add(
        new Case(
            "empty items body",
            Request.post("/items", "application/json", new byte[0]),
            400,
            "empty_body",
            "{\"items\":[...]}",
            null,
            null));
    cases.add(
        new Case(
            "user without userId",
            Request.postJson("/users", "{\"users\":[{\"attributes\":{}}]}"),
            400,
            "invalid_request",
            "1 of 1 users are invalid",
            0,
            "userId"));
    cases.add(
        new Case(
            "user attribute a number",
            Request.postJson(
                "/users", "{\"users\":[{\"userId\":\"u\",\"attributes\":{\"age\":34}}]}"),
            400,
            "invalid_request",
            "nothing was stored",
            0,
            "attributes.age"));
    cases.add(
        new Case(
            "users as text/plain",
            Request.post("/users", "text/plain", "{\"users\":[]}".getBytes(StandardCharsets.UTF_8)),
            415,
            "unsupported_media_type",
            "application/json",
            null,
            null));
  }

  private static String event(String fields) {
    return "{\"events\":[{" + fields + "}]}";
  }

  private static Case body(String name, String body, int status, String error, String messagePart) {
    return new Case(
        name, Request.postJson("/events", body), status, error, messagePart, null, null);
  }

  private static Case detail(
      String name, String body, Integer index, String field, String messagePart) {
    return new Case(
        name, Request.postJson("/events", body), 400, "invalid_request", messagePart, index, field);
  }

  private static Case field(String name, String fields, String field, String messagePart) {
    return new Case(
        name,
        Request.postJson("/events", event(fields)),
        400,
        "invalid_request",
        messagePart,
        0,
        field);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
