package dev.aisle.validation;

import java.util.List;

/**
 * The outcome of validating a batch: every element read into its type, or the violations of all
 * invalid elements. A batch is all-or-nothing: {@code values} is empty whenever there is a
 * violation.
 */
public record Validated<T>(List<T> values, List<Violation> violations) {

  public Validated {
    values = List.copyOf(values);
    violations = List.copyOf(violations);
    if (!violations.isEmpty() && !values.isEmpty()) {
      throw new IllegalArgumentException("an invalid batch carries no values");
    }
  }

  /** The values when there is no violation, else the violations alone. */
  public static <T> Validated<T> of(List<T> values, List<Violation> violations) {
    return violations.isEmpty()
        ? new Validated<>(values, List.of())
        : new Validated<>(List.of(), violations);
  }

  public boolean isValid() {
    return violations.isEmpty();
  }

  /** How many elements have at least one violation (request-level violations are not counted). */
  public long invalidElements() {
    return violations.stream().map(Violation::index).filter(i -> i != null).distinct().count();
  }
}
