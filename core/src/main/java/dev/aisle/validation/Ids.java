package dev.aisle.validation;

/**
 * The one rule for shopper, item, event and session ids, wherever they are read: the api's
 * validators, the stream function's decoder and the trainer's hygiene all call it, so an id the api
 * accepts is never refused further down. An id is 1 to {@value #MAX_LENGTH} characters counted as
 * Unicode code points (an emoji counts once), not blank, with no control characters and well-formed
 * UTF-16 ({@link TextRules}).
 */
public final class Ids {

  public static final int MAX_LENGTH = 128;

  private Ids() {}

  /** What is wrong with {@code id}, or null when it is a valid id. */
  public static String problem(String id) {
    return id == null ? "is required" : TextRules.problem(id, MAX_LENGTH);
  }

  public static boolean isValid(String id) {
    return problem(id) == null;
  }
}
