package dev.aisle.api.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aisle.telemetry.Counter;
import dev.aisle.telemetry.MetricNames;
import dev.aisle.telemetry.Metrics;
import dev.aisle.validation.JsonFields;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns every failed request into the JSON error of the HTTP API contract, on every path: Funqy
 * functions that throw, Funqy's own refusals (unparsable JSON → 400 with no body), the body size
 * limit (413), unknown paths (404), and the route guards. A Vert.x router handler, so the answer is
 * the same on the local HTTP server and behind API Gateway (the Lambda handler feeds the same
 * router). A store that fails for now (timeouts, throttling: {@link Unavailability}) is a 503 with
 * Retry-After, on every route; each 503 counts in the {@code ApiUnavailable} metric. Unexpected
 * failures become a 500 without any internal detail; they are logged with their stack trace, client
 * errors at debug level.
 */
@ApplicationScoped
public class ErrorResponder {

  private static final Logger LOG = Logger.getLogger(ErrorResponder.class);

  /** Ahead of Quarkus' own failure handlers, which answer HTML or empty bodies. */
  private static final int ORDER = Integer.MIN_VALUE + 2;

  private static final int SHOWN_MESSAGE_LENGTH = 200;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final ObjectMapper mapper;
  private final long maxBodyBytes;
  private final Counter unavailable;

  ErrorResponder(
      ObjectMapper mapper,
      Metrics metrics,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBody) {
    this.mapper = mapper;
    this.maxBodyBytes = maxBody.map(MemorySize::asLongValue).orElse(-1L);
    this.unavailable =
        new Counter(metrics, MetricNames.API_UNAVAILABLE, Duration.ofSeconds(1), Clock.systemUTC());
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).failureHandler(this::handle);
    // requests no route matches never reach a failure handler
    router.errorHandler(404, this::handle);
    router.errorHandler(405, this::handle);
  }

  void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    ApiException error = describe(ctx);
    log(ctx, error);
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
    if (error instanceof UnavailableException refused) {
      response.putHeader(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, refused.retryAfter().toSeconds())));
      unavailable.add(1);
    }
    response.end(json(new ErrorBody(error.code(), error.getMessage(), error.details())));
  }

  private ApiException describe(RoutingContext ctx) {
    for (Throwable t = ctx.failure(); t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return api;
      }
      if (t instanceof HttpException http) {
        return fromStatus(ctx, http.getStatusCode());
      }
    }
    if (ctx.failure() == null) {
      return fromStatus(ctx, ctx.statusCode());
    }
    return Unavailability.isTransient(ctx.failure())
        ? new UnavailableException(
            "a store this request needs is not available; send the same request again",
            RETRY_AFTER,
            ctx.failure())
        : internal();
  }

  private ApiException fromStatus(RoutingContext ctx, int status) {
    return switch (status) {
      case 400 -> unreadable(ctx);
      case 404 ->
          new NotFoundException(
              "no such endpoint: %s %s"
                  .formatted(ctx.request().method(), JsonFields.shown(ctx.request().path(), 100)));
      case 405 ->
          new ApiException(
              405,
              "method_not_allowed",
              "%s is not allowed on %s"
                  .formatted(ctx.request().method(), JsonFields.shown(ctx.request().path(), 100)));
      case 413 ->
          new ApiException(
              413,
              "payload_too_large",
              maxBodyBytes > 0
                  ? "the request body exceeds %d bytes".formatted(maxBodyBytes)
                  : "the request body is too large");
      case 414 -> UrlLengthLimit.tooLong();
      case 415 ->
          new ApiException(
              415, "unsupported_media_type", "the request body must be application/json");
      default ->
          status >= 400 && status < 500
              ? new ApiException(
                  status, "http_" + status, HttpResponseStatus.valueOf(status).reasonPhrase())
              : internal();
    };
  }

  /**
   * Funqy answers 400, without a word, when the body is not JSON or the query parameters do not fit
   * the function's input. Reading the body again (only on this error path) says where and why.
   */
  private ApiException unreadable(RoutingContext ctx) {
    RequestBody body = ctx.body();
    Buffer buffer = body == null ? null : body.buffer();
    if (buffer == null || buffer.length() == 0) {
      return new BadRequestException(
          BadRequestException.INVALID_REQUEST, "the query parameters could not be read");
    }
    try {
      JsonNode tree = mapper.readTree(buffer.getBytes());
      if (tree == null || tree.isMissingNode()) {
        return new BadRequestException("empty_body", "the request body is empty");
      }
      return new BadRequestException(
          BadRequestException.INVALID_REQUEST, "the request body does not have the expected shape");
    } catch (StreamConstraintsException e) {
      return new BadRequestException(
          "malformed_json",
          "the request body exceeds a JSON limit: "
              + JsonFields.shown(
                  e.getOriginalMessage().replaceFirst(" ?\\(?, from `.*$", ""),
                  SHOWN_MESSAGE_LENGTH));
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where =
          at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
      return new BadRequestException(
          "malformed_json",
          "the request body is not valid JSON"
              + where
              + ": "
              + JsonFields.shown(e.getOriginalMessage(), SHOWN_MESSAGE_LENGTH));
    } catch (java.io.IOException e) {
      return new BadRequestException("malformed_json", "the request body is not valid JSON");
    }
  }

  private static ApiException internal() {
    return new ApiException(
        500, "internal_error", "the request failed on the server; it was logged");
  }

  private static void log(RoutingContext ctx, ApiException error) {
    String path = JsonFields.shown(ctx.request().path(), 100);
    if (error.status() == 503) {
      // expected while a store fails (every request of an outage): one line, no stack trace
      Throwable cause = error.getCause() != null ? error.getCause() : ctx.failure();
      LOG.warnf(
          "request refused status=503 code=%s method=%s path=%s cause=\"%s\"",
          error.code(),
          ctx.request().method(),
          path,
          cause == null ? "" : JsonFields.shown(cause.toString(), SHOWN_MESSAGE_LENGTH));
    } else if (error.status() >= 500) {
      Throwable cause = error.getCause() != null ? error.getCause() : ctx.failure();
      LOG.errorf(
          cause,
          "request failed status=%d code=%s method=%s path=%s",
          error.status(),
          error.code(),
          ctx.request().method(),
          path);
    } else {
      LOG.debugf(
          "request refused status=%d code=%s method=%s path=%s details=%d",
          error.status(), error.code(), ctx.request().method(), path, error.details().size());
    }
  }

  private String json(ErrorBody body) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error body", e);
    }
  }
}
