package dev.aisle.model;

/** A model whose files are missing, truncated, altered or inconsistent: never to be served. */
public class CorruptModelException extends RuntimeException {

  public CorruptModelException(String message) {
    super(message);
  }

  public CorruptModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
