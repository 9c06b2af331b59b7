package dev.aisle.api.error;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose URL (path and query string, as sent) is longer than {@value
 * #MAX_URL_BYTES} bytes with 414 {@code uri_too_long} in the api's JSON error shape.
 *
 * <p>Why 6,144: CloudFront takes URLs up to 8,192 bytes and API Gateway's HTTP API up to 10,240
 * bytes of request line and header values together, so 6 KiB leaves room for the headers a browser
 * and CloudFront add, and the same limit holds on every path (the local server, API Gateway and
 * CloudFront in front of it). A long {@code exclude} list is what reaches it: about 600 ids of 8
 * characters. The HTTP server's own request-line limit ({@code
 * quarkus.http.limits.max-initial-line-length}) is set well above this one, so such a request
 * reaches this check instead of getting the server's empty 414.
 */
@ApplicationScoped
public class UrlLengthLimit {

  /** The longest URL (path and query string, in bytes as sent) the api answers. */
  public static final int MAX_URL_BYTES = 6144;

  public static final String URI_TOO_LONG = "uri_too_long";

  /**
   * First of the api's own handlers: before the origin guard (-2) and the write-route guard (-1).
   */
  private static final int ORDER = -3;

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (uri != null && exceeds(uri)) {
      ctx.fail(tooLong());
    } else {
      ctx.next();
    }
  }

  /** Whether {@code uri} is longer than the limit in UTF-8 bytes (a URL as sent is ASCII). */
  static boolean exceeds(String uri) {
    return uri.length() > MAX_URL_BYTES
        || uri.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES;
  }

  static ApiException tooLong() {
    return new ApiException(
        414,
        URI_TOO_LONG,
        ("the URL (path and query string) exceeds %d bytes; "
                + "send fewer or shorter parameters (exclude ids, for one)")
            .formatted(MAX_URL_BYTES));
  }
}
