package dev.aisle.storage;

/**
 * A store did not take or give the data in time: items still unprocessed after the capped retries
 * (throttling), or the caller's {@link Deadline} passed. Nothing is corrupt and the same request
 * sent again later is expected to succeed; the api answers 503 with Retry-After.
 */
public class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
