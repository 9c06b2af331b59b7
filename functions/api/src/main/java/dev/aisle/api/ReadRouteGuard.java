package dev.aisle.api;

import dev.aisle.api.error.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The read routes ({@code /health}, {@code /recommendations}, {@code /similar}) answer GET only:
 * any other method gets 405 {@code method_not_allowed} with {@code Allow: GET}. Funqy would also
 * run them for a POST with a JSON body; API Gateway routes only GET to them, so without this guard
 * the local server would answer requests that the deployed api refuses (and docs/openapi.yaml
 * documents GET only).
 */
@ApplicationScoped
class ReadRouteGuard {

  private static final String READ_PATHS = "/(health|recommendations|similar)";

  /** With the write-route guard: after the body handler, before the Funqy routes (order 0 on). */
  private static final int ORDER = -1;

  void install(@Observes Router router) {
    router.routeWithRegex(READ_PATHS).order(ORDER).handler(this::getOnly);
  }

  private void getOnly(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
      ctx.fail(
          new ApiException(405, "method_not_allowed", ctx.request().path() + " accepts GET only"));
    } else {
      ctx.next();
    }
  }
}
