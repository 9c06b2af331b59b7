package dev.aisle.validation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem found in a request: which element of the batch ({@code index}, absent for the request
 * as a whole), which field (a path such as {@code context.device} or {@code tags[2]}, absent for
 * the element as a whole) and what is wrong, in words a client developer can act on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(Integer index, String field, String message) {

  public static Violation ofRequest(String field, String message) {
    return new Violation(null, field, message);
  }
}
