package dev.aisle.precompute.source;

/**
 * Input the precompute cannot use (a malformed CSV line, a missing file, no published model): the
 * caller's to fix.
 */
public class InputException extends RuntimeException {

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
