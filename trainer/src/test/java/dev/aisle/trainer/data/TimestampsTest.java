package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  /**
   * The fast path for Instant's own spelling agrees with Instant.parse, fractions of any length
   * included.
   */
  @Property(tries = 3000)
  void readsEveryInstantSpellingAsInstantParseDoes(
      @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long ms,
      @ForAll @LongRange(min = 0, max = 999_999) long extraNanos) {
    Instant at = Instant.ofEpochMilli(ms).plusNanos(extraNanos);
    String text = at.toString();
    assertThat(Timestamps.utcInstant(text)).as(text).isEqualTo(at.toEpochMilli());
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text).toEpochMilli());
  }

  @Test
  void leavesOtherSpellingsToTheGeneralParsers() {
    assertThat(Timestamps.utcInstant("2026-02-30T10:00:00Z")).isEqualTo(Timestamps.INVALID);
    assertThat(Timestamps.utcInstant("2026-01-01T10:00:00+01:00")).isEqualTo(Timestamps.INVALID);
    assertThat(Timestamps.utcInstant("2026-01-01T1a:00:00Z")).isEqualTo(Timestamps.INVALID);
    assertThat(Timestamps.parse("2026-01-01T10:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-01-01T09:00:00Z").toEpochMilli());
    assertThat(Timestamps.parse("2026-02-30T10:00:00Z")).isEqualTo(Timestamps.INVALID);
    assertThat(Timestamps.parse("2016-12-31T23:59:60Z"))
        .isEqualTo(Instant.parse("2016-12-31T23:59:60Z").toEpochMilli());
  }
}
