package dev.aisle.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BodyLimitTest {

  private static final Pattern ABOVE_MAX =
      Pattern.compile(BodyLimit.contentLengthAbove(BodyLimit.MAX_BYTES));

  @Test
  void theBoundaryIsExact() {
    assertThat(ABOVE_MAX.matcher("1048576").matches()).isFalse();
    assertThat(ABOVE_MAX.matcher("1048577").matches()).isTrue();
    assertThat(ABOVE_MAX.matcher("0001048576").matches()).isFalse();
    assertThat(ABOVE_MAX.matcher("0001048577").matches()).isTrue();
    assertThat(ABOVE_MAX.matcher("7340032").matches()).as("7 MiB").isTrue();
    assertThat(ABOVE_MAX.matcher("").matches()).isFalse();
    assertThat(ABOVE_MAX.matcher("1e9").matches()).isFalse();
    assertThat(ABOVE_MAX.matcher("-5").matches()).isFalse();
  }

  @Test
  void theRuleIsTheOneDocsReliabilityMdGivesForTheFirewall() {
    assertThat(BodyLimit.contentLengthAbove(BodyLimit.MAX_BYTES))
        .isEqualTo(
            "^0*([1-9][0-9]{7,}|[2-9][0-9]{6}|"
                + "1[1-9][0-9]{5}|10[5-9][0-9]{4}|1049[0-9]{3}|1048[6-9][0-9]{2}|10485[8-9][0-9]|104857[7-9])$");
  }

  @Test
  void theRuleFitsAWebApplicationFirewallPattern() {
    // AWS WAF regex patterns are limited to 200 characters
    assertThat(BodyLimit.contentLengthAbove(BodyLimit.MAX_BYTES)).hasSizeLessThanOrEqualTo(200);
  }

  @Property(tries = 2000)
  void matchesExactlyTheLengthsAboveTheLimit(
      @ForAll @LongRange(min = 0, max = 100_000_000_000L) long limit,
      @ForAll @LongRange(min = 0, max = 100_000_000_000L) long length,
      @ForAll @IntRange(min = 0, max = 3) int zeros) {
    Pattern above = Pattern.compile(BodyLimit.contentLengthAbove(limit));
    String value = "0".repeat(zeros) + length;

    assertThat(above.matcher(value).matches())
        .as("%s > %d", value, limit)
        .isEqualTo(length > limit);
  }

  @Property(tries = 2000)
  void matchesExactlyAroundTheLimit(
      @ForAll @LongRange(min = 0, max = 100_000_000_000L) long limit,
      @ForAll @IntRange(min = -3, max = 3) int offset) {
    long length = Math.max(0, limit + offset);
    Pattern above = Pattern.compile(BodyLimit.contentLengthAbove(limit));

    assertThat(above.matcher(Long.toString(length)).matches()).isEqualTo(length > limit);
  }
}
