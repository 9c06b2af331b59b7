package dev.aisle.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long events are kept after their timestamp: {@code AISLE_EVENT_RETENTION} (730 days unless
 * set; {@code 0} or {@code none} keeps them). In AWS DynamoDB's TTL removes expired rows (ingest
 * writes {@code expiresAt}); the local DynamoDB server has no TTL, so the trainer ignores expired
 * events when it reads and {@code aisle-trainer sweep-retention} deletes them: the same rule
 * everywhere.
 */
public record EventRetention(Optional<Duration> period) {

  public static final String VARIABLE = "AISLE_EVENT_RETENTION";
  public static final Duration DEFAULT = Duration.ofDays(730);

  public static EventRetention fromEnv(Map<String, String> env) {
    String value = env.get(VARIABLE);
    return value == null || value.isBlank()
        ? new EventRetention(Optional.of(DEFAULT))
        : parse(value);
  }

  /**
   * {@code 730d}, {@code 12h}, {@code 45m}, {@code 30s}, ISO-8601 ({@code P730D}), or {@code
   * 0}/{@code none} (kept).
   */
  public static EventRetention parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0") || t.equals("none")) {
      return new EventRetention(Optional.empty());
    }
    Duration d;
    try {
      if (t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d =
            switch (t.charAt(t.length() - 1)) {
              case 'd' -> Duration.ofDays(n);
              case 'h' -> Duration.ofHours(n);
              case 'm' -> Duration.ofMinutes(n);
              case 's' -> Duration.ofSeconds(n);
              default -> throw new IllegalArgumentException();
            };
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          VARIABLE + " is not a duration: '" + text + "' (use e.g. 730d, P730D or 0)");
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(VARIABLE + " must not be negative: '" + text + "'");
    }
    return new EventRetention(d.isZero() ? Optional.empty() : Optional.of(d));
  }

  /**
   * Events with a timestamp before this instant have expired at {@code now}; empty when events are
   * kept.
   */
  public Optional<Instant> expiredBefore(Instant now) {
    return period.map(now::minus);
  }

  /** Whether an event of this timestamp has expired at {@code now}. */
  public boolean expired(Instant timestamp, Instant now) {
    return period.isPresent() && timestamp.isBefore(now.minus(period.get()));
  }
}
