package dev.aisle.storage;

import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * A point in time by which a piece of work must be done, such as the DynamoDB writes of one {@code
 * POST /events}: every call made for it gets at most the time that is left, so a slow or paused
 * table costs the request its budget, not the SDK's default timeouts times its retries. Monotonic
 * (System.nanoTime), immune to wall-clock changes.
 */
public final class Deadline {

  private static final long NEVER = Long.MAX_VALUE / 4;

  private final long atNanos;
  private final boolean bounded;

  private Deadline(long atNanos, boolean bounded) {
    this.atNanos = atNanos;
    this.bounded = bounded;
  }

  public static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos(), true);
  }

  /** No limit beyond the clients' own timeouts (batch jobs, tools, tests). */
  public static Deadline none() {
    return new Deadline(System.nanoTime() + NEVER, false);
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }

  /**
   * The timeouts of one request of {@code client} made for this deadline: the client's own, with
   * the call cut to the time left (and the attempt to the call); without a deadline, the client's.
   *
   * @param what names the work in the exception's message
   * @throws StoreUnavailableException when no time is left
   */
  public AwsRequestOverrideConfiguration cap(SdkClient client, String what) {
    if (!bounded) {
      return AwsRequestOverrideConfiguration.builder().build();
    }
    Duration left = remaining();
    if (left.isZero()) {
      throw new StoreUnavailableException(what + ": the time budget is spent");
    }
    ClientOverrideConfiguration own = client.serviceClientConfiguration().overrideConfiguration();
    Duration call = min(own.apiCallTimeout().orElse(left), left);
    return AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(call)
        .apiCallAttemptTimeout(min(own.apiCallAttemptTimeout().orElse(call), call))
        .build();
  }

  /**
   * Makes one request of {@code client} within this deadline: {@code request} gets the capped
   * timeouts ({@link #cap}), and a call the cap cuts short fails the way a spent budget does, with
   * a {@link StoreUnavailableException}, not with whichever SDK timeout happened to fire first.
   *
   * @param what names the work in the exception's message
   */
  public <T> T call(
      SdkClient client, String what, Function<AwsRequestOverrideConfiguration, T> request) {
    AwsRequestOverrideConfiguration capped = cap(client, what);
    try {
      return request.apply(capped);
    } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException timedOut) {
      if (!bounded) {
        throw timedOut;
      }
      throw new StoreUnavailableException(what + ": no answer within the time budget", timedOut);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
