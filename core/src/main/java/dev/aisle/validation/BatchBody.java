package dev.aisle.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The envelope of every write request, {@code {"<field>":[...]}}: a JSON object whose one field is
 * an array of 1 to {@code max} elements.
 */
public final class BatchBody {

  private BatchBody() {}

  /**
   * The array of elements (still to be validated one by one), or null when there is none to read;
   * every problem of the envelope is recorded in {@code out}.
   */
  public static JsonNode elements(JsonNode body, String field, int max, List<Violation> out) {
    String shape = "the body must be a JSON object {\"%s\":[...]}".formatted(field);
    if (body == null || !body.isObject()) {
      out.add(Violation.ofRequest(null, shape + ", not " + JsonFields.describe(body)));
      return null;
    }
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals(field)) {
                out.add(Violation.ofRequest(JsonFields.shown(name), "unknown field; " + shape));
              }
            });
    JsonNode elements = body.get(field);
    if (elements == null || elements.isNull()) {
      out.add(Violation.ofRequest(field, "is required: " + shape));
      return null;
    }
    if (!elements.isArray()) {
      out.add(Violation.ofRequest(field, "must be an array, not " + JsonFields.describe(elements)));
      return null;
    }
    if (elements.isEmpty() || elements.size() > max) {
      out.add(
          Violation.ofRequest(
              field, "must hold 1 to %d elements (got %d)".formatted(max, elements.size())));
      return null;
    }
    return elements;
  }
}
