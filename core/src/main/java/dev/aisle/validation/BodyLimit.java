package dev.aisle.validation;

/**
 * The size limit of a write request's body, one number for every place that enforces or states it:
 * the api (Quarkus {@code quarkus.http.limits.max-body-size}, answered with a JSON 413), the docs,
 * and an edge in front of the api that can refuse a larger request before it reaches API Gateway
 * and Lambda (whose own limits, 10 MB and 6 MB, answer with errors of their own).
 */
public final class BodyLimit {

  /** 1 MiB: 500 events of a typical shop fit several times over. */
  public static final long MAX_BYTES = 1_048_576;

  private BodyLimit() {}

  /**
   * A regular expression that matches a {@code Content-Length} value (decimal digits, leading zeros
   * allowed) greater than {@code limit}, and nothing else: what a web application firewall rule on
   * the header needs, since such rules inspect only the first kilobytes of a body. No look-arounds
   * or back-references (RE2 and AWS WAF syntax).
   */
  public static String contentLengthAbove(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    String digits = Long.toString(limit);
    int length = digits.length();
    StringBuilder alternatives = new StringBuilder();
    // any number with more digits than the limit
    alternatives.append("[1-9][0-9]{").append(length).append(",}");
    // the same number of digits: equal up to position i, greater at i, anything after
    for (int i = 0; i < length; i++) {
      int digit = digits.charAt(i) - '0';
      if (digit == 9) {
        continue;
      }
      alternatives.append('|').append(digits, 0, i).append(range(digit + 1));
      int rest = length - i - 1;
      if (rest == 1) {
        alternatives.append("[0-9]");
      } else if (rest > 1) {
        alternatives.append("[0-9]{").append(rest).append('}');
      }
    }
    return "^0*(" + alternatives + ")$";
  }

  private static String range(int from) {
    return from == 9 ? "9" : "[" + from + "-9]";
  }
}
