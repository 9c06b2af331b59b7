package dev.aisle.infra.config;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The retention periods CloudWatch Logs accepts, by number of days. */
public final class LogRetention {

  private static final Map<Integer, RetentionDays> BY_DAYS = new LinkedHashMap<>();

  static {
    BY_DAYS.put(1, RetentionDays.ONE_DAY);
    BY_DAYS.put(3, RetentionDays.THREE_DAYS);
    BY_DAYS.put(5, RetentionDays.FIVE_DAYS);
    BY_DAYS.put(7, RetentionDays.ONE_WEEK);
    BY_DAYS.put(14, RetentionDays.TWO_WEEKS);
    BY_DAYS.put(30, RetentionDays.ONE_MONTH);
    BY_DAYS.put(60, RetentionDays.TWO_MONTHS);
    BY_DAYS.put(90, RetentionDays.THREE_MONTHS);
    BY_DAYS.put(120, RetentionDays.FOUR_MONTHS);
    BY_DAYS.put(150, RetentionDays.FIVE_MONTHS);
    BY_DAYS.put(180, RetentionDays.SIX_MONTHS);
    BY_DAYS.put(365, RetentionDays.ONE_YEAR);
    BY_DAYS.put(400, RetentionDays.THIRTEEN_MONTHS);
    BY_DAYS.put(545, RetentionDays.EIGHTEEN_MONTHS);
    BY_DAYS.put(731, RetentionDays.TWO_YEARS);
    BY_DAYS.put(1096, RetentionDays.THREE_YEARS);
    BY_DAYS.put(1827, RetentionDays.FIVE_YEARS);
    BY_DAYS.put(2192, RetentionDays.SIX_YEARS);
    BY_DAYS.put(2557, RetentionDays.SEVEN_YEARS);
    BY_DAYS.put(2922, RetentionDays.EIGHT_YEARS);
    BY_DAYS.put(3288, RetentionDays.NINE_YEARS);
    BY_DAYS.put(3653, RetentionDays.TEN_YEARS);
  }

  private LogRetention() {}

  static boolean isValid(int days) {
    return BY_DAYS.containsKey(days);
  }

  static String allowed() {
    return BY_DAYS.keySet().toString();
  }

  public static RetentionDays of(int days) {
    RetentionDays retention = BY_DAYS.get(days);
    if (retention == null) {
      throw new IllegalArgumentException(
          days + " days is not a CloudWatch Logs retention; use one of " + allowed());
    }
    return retention;
  }
}
