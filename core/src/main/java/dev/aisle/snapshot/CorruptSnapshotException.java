package dev.aisle.snapshot;

/** A snapshot file that is missing, truncated, altered or unparsable: never trained on. */
public class CorruptSnapshotException extends RuntimeException {

  public CorruptSnapshotException(String message) {
    super(message);
  }

  public CorruptSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
