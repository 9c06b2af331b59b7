package dev.aisle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aisle.api.error.ApiException;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.smallrye.config.ConfigMapping;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * In AWS the api answers only requests that came through its CloudFront distribution, whose AWS WAF
 * web ACL limits each client address: CloudFront adds the header {@value #HEADER} with a secret,
 * and any other request is refused with 403 {@code forbidden} before a function runs.
 *
 * <p>One exception: a request API Gateway authorized with IAM (its Lambda event names an IAM
 * caller). A SigV4 signature covers the Host header, so a shop's backend signs for, and calls, the
 * execute-api host directly; the outbox relay's schedule invokes the function with IAM too.
 *
 * <p>The secret is {@code aisle.origin.secret} (environment {@code AISLE_ORIGIN_SECRET}), a
 * comma-separated list while it rotates. Unset (the local stack), nothing is checked. Values are
 * compared in constant time and never logged.
 */
@ApplicationScoped
public class OriginGuard {

  static final String HEADER = "x-aisle-origin";

  /** The Lambda runtime's request context, as the Lambda HTTP handler hands it to the router. */
  private static final String REQUEST_CONTEXT =
      "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent$RequestContext";

  /** Before the write routes' guard (-1) and the Funqy routes (0 on). */
  private static final int ORDER = -2;

  /** The secret CloudFront sends ({@code aisle.origin.secret}). */
  @ConfigMapping(prefix = "aisle.origin")
  public interface Settings {
    Optional<List<String>> secret();
  }

  private final List<byte[]> secrets;
  private final ObjectMapper mapper;

  @Inject
  OriginGuard(Settings settings, ObjectMapper mapper) {
    this(settings.secret().orElse(List.of()), mapper);
  }

  /** The guard of these secrets (tests; {@code secrets} as the setting lists them). */
  OriginGuard(List<String> secrets, ObjectMapper mapper) {
    this.secrets =
        secrets.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .toList();
    this.mapper = mapper;
  }

  void install(@Observes Router router) {
    if (!secrets.isEmpty()) {
      router.route().order(ORDER).handler(this::check);
    }
  }

  private void check(RoutingContext ctx) {
    if (fromCloudFront(ctx.request().getHeader(HEADER))
        || authorizedByIam(ctx.request().headers())) {
      ctx.next();
    } else {
      ctx.fail(
          new ApiException(
              403, "forbidden", "this api answers through its CloudFront address only"));
    }
  }

  /**
   * Whether the header carries one of the secrets; every one is compared, each in constant time.
   */
  boolean fromCloudFront(String presented) {
    byte[] candidate = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] secret : secrets) {
      match |= MessageDigest.isEqual(secret, candidate);
    }
    return match;
  }

  /**
   * Whether API Gateway authorized the request with IAM: its request context has an {@code
   * authorizer.iam} block, which only API Gateway (or a caller allowed to invoke the function
   * directly) writes. Read as JSON, so the local build, which has no Lambda classes, compiles too.
   */
  boolean authorizedByIam(MultiMap headers) {
    if (!(headers instanceof QuarkusHttpHeaders lambda) || lambda.getContextObjects() == null) {
      return false;
    }
    return lambda.getContextObjects().entrySet().stream()
        .filter(entry -> entry.getKey().getName().equals(REQUEST_CONTEXT))
        .anyMatch(entry -> hasIamCaller(entry.getValue()));
  }

  private boolean hasIamCaller(Object requestContext) {
    try {
      JsonNode context = mapper.valueToTree(requestContext);
      return context.path("authorizer").path("iam").isObject();
    } catch (IllegalArgumentException unreadable) {
      // a context Jackson cannot read proves nothing: the header check decides
      return false;
    }
  }
}
