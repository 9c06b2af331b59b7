package dev.aisle.api.error;

import java.time.Duration;
import java.util.List;

/**
 * 503 with {@code Retry-After}: a store the request needs is failing or throttling; the same
 * request sent again later is expected to succeed (and is safe to resend: writes are idempotent).
 */
public class UnavailableException extends ApiException {

  private final Duration retryAfter;

  public UnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(503, "unavailable", message, List.of(), cause);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
