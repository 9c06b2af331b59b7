package dev.aisle.api.error;

import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.util.List;

/** 400: the request cannot be accepted as sent; {@code details} says what to change. */
public class BadRequestException extends ApiException {

  public static final String INVALID_REQUEST = "invalid_request";

  public BadRequestException(String code, String message, List<Violation> details) {
    super(400, code, message, details);
  }

  public BadRequestException(String code, String message) {
    this(code, message, List.of());
  }

  /** {@code invalid_request} for GET parameters or a body with violations. */
  public static BadRequestException invalid(List<Violation> violations) {
    return new BadRequestException(
        INVALID_REQUEST,
        violations.size() == 1
            ? "the request is invalid: 1 problem"
            : "the request is invalid: " + violations.size() + " problems",
        violations);
  }

  /**
   * {@code invalid_request} for a batch: how many of its {@code noun}s are invalid, and that
   * nothing was stored (a batch is all or nothing).
   */
  public static BadRequestException invalidBatch(Validated<?> batch, int size, String noun) {
    long invalid = batch.invalidElements();
    String message =
        invalid == 0
            ? "the request is invalid; nothing was stored"
            : "%d of %d %s are invalid; nothing was stored".formatted(invalid, size, noun);
    return new BadRequestException(INVALID_REQUEST, message, batch.violations());
  }
}
