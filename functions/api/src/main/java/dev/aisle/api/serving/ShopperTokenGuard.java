package dev.aisle.api.serving;

import dev.aisle.api.error.ApiException;
import dev.aisle.privacy.ShopperTokens;
import io.smallrye.config.ConfigMapping;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Personalized reads ({@code GET /recommendations}) need a signed shopper token for the shopper
 * they name: header {@value #HEADER}, minted by the shop's backend ({@link ShopperTokens},
 * docs/privacy.md). Missing, expired, tampered or minted for another shopper: 401 {@code
 * unauthorized}, with one message for every cause. {@code /similar}, {@code /health} and the CDN
 * files carry no shopper data and stay open.
 *
 * <p>The secret is {@code aisle.shopper-token.secret} (environment {@code
 * AISLE_SHOPPER_TOKEN_SECRET}); a comma-separated list accepts each and rotates without a gap.
 * Unset (the local default), nothing is checked and one line at start says so. Tokens and shopper
 * ids are never logged.
 *
 * <p>The guarded route answers GET only: Funqy would also bind a POSTed JSON body, whose {@code
 * userId} this check would not see.
 */
@ApplicationScoped
public class ShopperTokenGuard {

  private static final Logger LOG = Logger.getLogger(ShopperTokenGuard.class);
  public static final String HEADER = "x-aisle-shopper-token";

  /** Every path Funqy could route to the recommendations function. */
  private static final String PERSONALIZED_PATHS = "/recommendations(/.*)?";

  private static final String USER_PARAMETER = "userId";

  /** After the origin check (-2), before the Funqy routes (0 on). */
  private static final int ORDER = -1;

  static final String REFUSAL = "a valid " + HEADER + " header for this userId is required";

  /** The secrets that sign shopper tokens ({@code aisle.shopper-token.secret}). */
  @ConfigMapping(prefix = "aisle.shopper-token")
  public interface Settings {
    Optional<List<String>> secret();
  }

  private final Optional<ShopperTokens> tokens;
  private final Clock clock;

  @Inject
  ShopperTokenGuard(Settings settings) {
    this(
        settings
            .secret()
            .filter(list -> list.stream().anyMatch(s -> !s.isBlank()))
            .map(ShopperTokens::new),
        Clock.systemUTC());
  }

  ShopperTokenGuard(Optional<ShopperTokens> tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  void install(@Observes Router router) {
    if (tokens.isEmpty()) {
      LOG.info(
          "shopper tokens off: AISLE_SHOPPER_TOKEN_SECRET is unset, so GET /recommendations answers"
              + " without an "
              + HEADER
              + " header");
      return;
    }
    LOG.info("shopper tokens on: GET /recommendations needs an " + HEADER + " header");
    router.routeWithRegex(PERSONALIZED_PATHS).order(ORDER).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET");
      ctx.fail(
          new ApiException(405, "method_not_allowed", ctx.request().path() + " accepts GET only"));
      return;
    }
    List<String> users = ctx.queryParam(USER_PARAMETER);
    if (users.isEmpty()) {
      // the function answers 400 (userId is required): nothing personal to protect
      ctx.next();
    } else if (users.size() == 1
        && tokens
            .orElseThrow()
            .verify(ctx.request().getHeader(HEADER), users.get(0), clock.instant())) {
      ctx.next();
    } else {
      // one answer for every cause: the caller learns nothing about which check failed
      ctx.fail(new ApiException(401, "unauthorized", REFUSAL));
    }
  }
}
