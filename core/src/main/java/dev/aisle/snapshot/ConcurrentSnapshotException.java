package dev.aisle.snapshot;

/**
 * Another writer moved {@code snapshots/CURRENT} since this one read it: this writer's version is
 * discarded (its events are folded again by the next run, so nothing is lost or counted twice).
 */
public class ConcurrentSnapshotException extends RuntimeException {

  public ConcurrentSnapshotException(String message) {
    super(message);
  }
}
