package dev.aisle.infra.cost;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a month of an EventBridge Scheduler expression ({@code aisle:trainSchedule}): {@code rate(n
 * unit)} and the {@code cron(minutes hours day-of-month month day-of-week year)} forms a training
 * schedule uses (numbers, lists, ranges, {@code *}, {@code ?}, {@code n/step}). A month is 30.44
 * days.
 */
public final class TrainingSchedule {

  static final double DAYS_PER_MONTH = 365.25 / 12;
  private static final Pattern RATE =
      Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON =
      Pattern.compile("cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+)( \\S+)?\\)");

  private TrainingSchedule() {}

  public static double runsPerMonth(String expression) {
    String text = expression.strip();
    Matcher rate = RATE.matcher(text);
    if (rate.matches()) {
      double every = Double.parseDouble(rate.group(1));
      double minutes =
          switch (rate.group(2).replaceAll("s$", "")) {
            case "minute" -> every;
            case "hour" -> every * 60;
            default -> every * 1440;
          };
      return DAYS_PER_MONTH * 1440 / minutes;
    }
    Matcher cron = CRON.matcher(text);
    if (cron.matches()) {
      double perDay = count(cron.group(1), 0, 59) * count(cron.group(2), 0, 23);
      boolean anyDayOfMonth = isAny(cron.group(3));
      boolean anyDayOfWeek = isAny(cron.group(5));
      double days =
          anyDayOfMonth && anyDayOfWeek
              ? DAYS_PER_MONTH
              : anyDayOfMonth
                  ? count(cron.group(5), 1, 7) * DAYS_PER_MONTH / 7
                  : count(cron.group(3), 1, 31) * DAYS_PER_MONTH / 30.44;
      double months = isAny(cron.group(4)) ? 1 : count(cron.group(4), 1, 12) / 12.0;
      return perDay * days * months;
    }
    throw new IllegalArgumentException(
        "cannot count the runs of "
            + expression
            + ": expected rate(n minutes|hours|days) or cron(minutes hours day-of-month month day-of-week year)");
  }

  private static boolean isAny(String field) {
    return field.equals("*") || field.equals("?");
  }

  /** Values a cron field takes within [min, max]. */
  private static double count(String field, int min, int max) {
    if (isAny(field)) {
      return max - min + 1;
    }
    double total = 0;
    for (String part : field.split(",")) {
      String[] step = part.split("/");
      int every = step.length == 2 ? Integer.parseInt(step[1]) : 1;
      String range = step[0];
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-") && range.matches("\\d+-\\d+")) {
        from = Integer.parseInt(range.split("-")[0]);
        to = Integer.parseInt(range.split("-")[1]);
      } else if (range.matches("\\d+")) {
        from = Integer.parseInt(range);
        to = step.length == 2 ? max : from;
      } else {
        // names (MON, JAN) and L/W/# forms: one value each
        from = 0;
        to = 0;
      }
      total += Math.floor((to - from) / (double) every) + 1;
    }
    return total;
  }
}
