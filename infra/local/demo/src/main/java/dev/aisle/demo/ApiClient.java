package dev.aisle.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's view of Aisle's HTTP api: JSON in, JSON out, non-2xx answers as exceptions. */
final class ApiClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  ApiClient(String baseUrl) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
  }

  String baseUrl() {
    return base.toString().replaceAll("/$", "");
  }

  JsonNode post(String path, Object body) {
    try {
      byte[] json = Json.mapper().writeValueAsBytes(body);
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json))
              .build();
      return send(request);
    } catch (IOException e) {
      throw new IllegalStateException("POST /" + path + " failed: " + e.getMessage(), e);
    }
  }

  JsonNode get(String path, Map<String, String> query) {
    String q =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path + (q.isEmpty() ? "" : "?" + q)))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    return send(request);
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new ApiException(
            response.statusCode(),
            request.method()
                + " "
                + request.uri().getPath()
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A non-2xx answer. */
  static final class ApiException extends RuntimeException {
    final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
