package dev.aisle.stream;

/**
 * Why a record can never be applied, however often it is retried: it goes to the dead-letter topic
 * with {@code reason} (a short code) and {@code detail} (one line, no payload) in headers.
 */
public final class PoisonRecord extends Exception {

  private final String reason;

  public PoisonRecord(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
