package dev.aisle.api.ingest;

import dev.aisle.api.error.ApiException;
import dev.aisle.function.AisleConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Checks the write routes ({@code /events}, {@code /items}, {@code /users}) before their function
 * runs: POST only (405), the API key when one is configured (401), a JSON body (415).
 *
 * <p>{@code /outbox-relay} (the scheduled relay, which API Gateway does not route) is POST only
 * too; it needs no key or body: the schedule's request is a fixed event in the template, and a
 * relay run is harmless (it publishes what is due, at most once more).
 *
 * <p>{@code /users/export} (an access request: everything stored about one shopper) is GET only and
 * needs the same key: the shop's backend asks for it, never a storefront.
 *
 * <p>The key is {@code aisle.api-key} (environment {@code AISLE_API_KEY}); a comma-separated list
 * accepts each of them, so a key can be rotated without downtime. Unset, the routes are open (the
 * local default; in AWS the gateway also guards them). Keys are compared in constant time and never
 * logged.
 */
@ApplicationScoped
public class WriteRouteGuard {

  public static final String API_KEY_HEADER = "x-api-key";
  private static final String WRITE_PATHS = "/(events|items|users)";
  private static final String RELAY_PATH = "/outbox-relay";
  private static final String EXPORT_PATH = "/users/export";

  /**
   * After the body handler (which enforces the size limit), before the Funqy routes (order 0 on).
   */
  private static final int ORDER = -1;

  private final List<byte[]> keys;

  WriteRouteGuard(AisleConfig config) {
    this.keys =
        config.apiKey().orElse(List.of()).stream()
            .map(String::strip)
            .filter(k -> !k.isEmpty())
            .map(k -> k.getBytes(StandardCharsets.UTF_8))
            .toList();
  }

  void install(@Observes Router router) {
    router.routeWithRegex(WRITE_PATHS).order(ORDER).handler(this::check);
    router.route(RELAY_PATH).order(ORDER).handler(this::postOnly);
    router.route(EXPORT_PATH).order(ORDER).handler(this::checkExport);
  }

  private void checkExport(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
      ctx.fail(
          new ApiException(405, "method_not_allowed", ctx.request().path() + " accepts GET only"));
    } else if (!authorized(ctx.request().getHeader(API_KEY_HEADER))) {
      ctx.fail(
          new ApiException(
              401, "unauthorized", "missing or invalid " + API_KEY_HEADER + " header"));
    } else {
      ctx.next();
    }
  }

  private void postOnly(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
      ctx.fail(
          new ApiException(405, "method_not_allowed", ctx.request().path() + " accepts POST only"));
    } else {
      ctx.next();
    }
  }

  private void check(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
      ctx.fail(
          new ApiException(405, "method_not_allowed", ctx.request().path() + " accepts POST only"));
    } else if (!authorized(ctx.request().getHeader(API_KEY_HEADER))) {
      ctx.fail(
          new ApiException(
              401, "unauthorized", "missing or invalid " + API_KEY_HEADER + " header"));
    } else if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(
          new ApiException(
              415, "unsupported_media_type", "Content-Type must be application/json (UTF-8)"));
    } else {
      ctx.next();
    }
  }

  /** Whether the presented {@code x-api-key} is accepted (always, when no key is configured). */
  public boolean authorized(String presented) {
    if (keys.isEmpty()) {
      return true;
    }
    byte[] candidate = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] key : keys) {
      // every key is compared, each in constant time: the answer's timing tells nothing
      match |= MessageDigest.isEqual(key, candidate);
    }
    return match;
  }

  /**
   * {@code application/json}, optionally with {@code charset=utf-8}; JSON is UTF-8 by definition.
   */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    if (!parts[0].strip().equals("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].strip().split("=", 2);
      if (param[0].strip().equals("charset")
          && !(param.length == 2 && param[1].strip().replace("\"", "").equals("utf-8"))) {
        return false;
      }
    }
    return true;
  }
}
