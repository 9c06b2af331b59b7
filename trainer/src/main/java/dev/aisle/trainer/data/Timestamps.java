package dev.aisle.trainer.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Normalizes the timestamp spellings found in interaction files to epoch milliseconds (UTC):
 * ISO-8601 instants ({@code 2026-01-02T10:00:00Z}), with an offset ({@code +01:00}), local date-times
 * (read as UTC), or epoch numbers (below 10^11 read as seconds, else milliseconds).
 */
public final class Timestamps {

  /** Returned for text that is no timestamp. */
  public static final long INVALID = Long.MIN_VALUE;
  private static final long SECONDS_LIMIT = 100_000_000_000L;

  private Timestamps() {}

  public static long parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return INVALID;
    }
    if (t.chars().allMatch(Character::isDigit)) {
      try {
        long n = Long.parseLong(t);
        return n < SECONDS_LIMIT ? n * 1000 : n;
      } catch (NumberFormatException e) {
        return INVALID;
      }
    }
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // try the next spelling
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // try the next spelling
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return INVALID;
    }
  }
}
