package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter, for the items DynamoDB leaves unprocessed (which the
 * SDK does not retry: the request itself succeeded). Before round {@code r} (1, 2, …) it waits a
 * random time in [0, min(cap, base·2^r)): spread out, so throttled writers do not retry in step. A
 * limited number of rounds, and never past the caller's deadline.
 */
final class Backoff {

  /**
   * ~1.3 s of waiting on average over 7 retries: throttling that lasts longer is an outage (503).
   */
  static final Backoff UNPROCESSED = new Backoff(Duration.ofMillis(25), Duration.ofMillis(800), 8);

  private final long baseMillis;
  private final long capMillis;
  private final int rounds;

  Backoff(Duration base, Duration cap, int rounds) {
    this.baseMillis = base.toMillis();
    this.capMillis = cap.toMillis();
    this.rounds = rounds;
  }

  int rounds() {
    return rounds;
  }

  /** The longest wait before round {@code round}. */
  long ceilingMillis(int round) {
    return Math.min(capMillis, baseMillis << Math.min(round, 30));
  }

  /**
   * Waits before {@code round}; false (without waiting) when the rounds are used up or the wait
   * would end past the deadline: the caller gives up.
   */
  boolean pause(int round, Deadline deadline) {
    if (round >= rounds) {
      return false;
    }
    long wait = ThreadLocalRandom.current().nextLong(ceilingMillis(round) + 1);
    if (deadline.remaining().toMillis() <= wait) {
      return false;
    }
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting to retry", e);
    }
  }
}
