package dev.aisle.api.error;

import dev.aisle.validation.Violation;
import java.util.List;

/**
 * A request the api refuses, answered with the error body of the HTTP API contract: {@code
 * {"error":"<code>","message":"...","details":[{"index":i,"field":"...","message":"..."}]}}. Throw
 * it (or a subclass) anywhere on the request path; {@link ErrorResponder} writes the answer, the
 * same way behind API Gateway and on the local HTTP server. The message goes to the client: no
 * internal detail in it.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<Violation> details;

  public ApiException(int status, String code, String message, List<Violation> details) {
    this(status, code, message, details, null);
  }

  /** With the failure behind it, for the log (never for the client). */
  protected ApiException(
      int status, String code, String message, List<Violation> details, Throwable cause) {
    // an expected outcome, thrown often under bad traffic: no stack trace to fill in
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  /** A stable, machine-readable code such as {@code invalid_request}. */
  public String code() {
    return code;
  }

  public List<Violation> details() {
    return details;
  }
}
