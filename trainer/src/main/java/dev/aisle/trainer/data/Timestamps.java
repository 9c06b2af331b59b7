package dev.aisle.trainer.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Normalizes the timestamp spellings found in interaction files to epoch milliseconds (UTC):
 * ISO-8601 instants ({@code 2026-01-02T10:00:00Z}), with an offset ({@code +01:00}), local
 * date-times (read as UTC), or epoch numbers (below 10^11 read as seconds, else milliseconds).
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
    long fast = utcInstant(t);
    if (fast != INVALID) {
      return fast;
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

  /**
   * The spelling {@link Instant#toString()} writes ({@code 2026-01-02T10:00:00Z}, optionally with a
   * fraction of a second) without the general parser, which costs a microsecond a row on a billion
   * rows; INVALID for anything else (the general parsers then decide).
   */
  static long utcInstant(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z') {
      return INVALID;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || day > daysIn(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return INVALID;
    }
    int millis = 0;
    if (n > 20) {
      if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
        return INVALID;
      }
      int fraction = digits(t, 20, n - 21);
      if (fraction < 0) {
        return INVALID;
      }
      for (int d = n - 21; d > 3; d--) {
        fraction /= 10;
      }
      for (int d = n - 21; d < 3; d++) {
        fraction *= 10;
      }
      millis = fraction;
    } else if (n != 20) {
      return INVALID;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  /** The number in t[from, from + count), or -1 when a character is not a digit. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysIn(int year, int month) {
    return java.time.YearMonth.of(year, month).lengthOfMonth();
  }
}
