package dev.aisle.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of one JSON object of a batch (one event, item or user), recording a {@link
 * Violation} for every problem instead of stopping at the first, so that a client learns everything
 * wrong with a request at once. Accessors return null for absent, JSON-null or invalid fields;
 * {@link #valid()} says whether the element may be used.
 */
public final class JsonFields {

  /** Names of unknown fields quoted in one violation; the rest are counted. */
  private static final int UNKNOWN_FIELDS_QUOTED = 5;

  private final JsonNode object;
  private final Integer index;
  private final List<Violation> violations;
  private final int violationsBefore;

  private JsonFields(JsonNode object, Integer index, List<Violation> violations) {
    this.object = object;
    this.index = index;
    this.violations = violations;
    this.violationsBefore = violations.size();
  }

  /**
   * The fields of {@code element}, the {@code index}-th of a batch; violations go to {@code out}.
   * An element that is not a JSON object gets one violation and no fields.
   */
  public static JsonFields of(JsonNode element, Integer index, List<Violation> out) {
    if (element == null || !element.isObject()) {
      out.add(new Violation(index, null, "must be a JSON object, not " + describe(element)));
      return new JsonFields(null, index, out);
    }
    return new JsonFields(element, index, out);
  }

  /** True when no violation was recorded for this element. */
  public boolean valid() {
    return violations.size() == violationsBefore;
  }

  public void violation(String field, String message) {
    violations.add(new Violation(index, field, message));
  }

  /**
   * Rejects fields outside {@code known}: a misspelt optional field would otherwise be lost
   * silently.
   */
  public void rejectUnknown(List<String> known) {
    if (object == null) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    object
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                unknown.add(shown(name));
              }
            });
    if (unknown.isEmpty()) {
      return;
    }
    String quoted =
        String.join(", ", unknown.subList(0, Math.min(UNKNOWN_FIELDS_QUOTED, unknown.size())));
    String more =
        unknown.size() > UNKNOWN_FIELDS_QUOTED
            ? " and " + (unknown.size() - UNKNOWN_FIELDS_QUOTED) + " more"
            : "";
    violation(
        unknown.get(0),
        "unknown field%s %s%s (allowed: %s)"
            .formatted(unknown.size() > 1 ? "s" : "", quoted, more, String.join(", ", known)));
  }

  /** True when the field is present and not JSON null. */
  public boolean has(String name) {
    return field(name) != null;
  }

  public String requiredText(String name, int maxLength) {
    JsonNode node = field(name);
    if (node == null) {
      violation(name, "is required");
      return null;
    }
    return text(name, node, maxLength);
  }

  public String optionalText(String name, int maxLength) {
    JsonNode node = field(name);
    return node == null ? null : text(name, node, maxLength);
  }

  /** A finite number in [min, max]. */
  public Double optionalNumber(String name, double min, double max) {
    JsonNode node = field(name);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      violation(name, "must be a number, not " + describe(node));
      return null;
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      violation(name, "must be a finite number");
      return null;
    }
    if (value < min || value > max) {
      violation(
          name,
          "must be between %s and %s (got %s)".formatted(plain(min), plain(max), plain(value)));
      return null;
    }
    return value;
  }

  public Boolean optionalBoolean(String name) {
    JsonNode node = field(name);
    if (node == null) {
      return null;
    }
    if (!node.isBoolean()) {
      violation(name, "must be true or false, not " + describe(node));
      return null;
    }
    return node.booleanValue();
  }

  /** A JSON object of strings, e.g. {@code {"device":"mobile"}}; insertion order kept. */
  public Map<String, String> optionalTextMap(
      String name, int maxEntries, int maxKeyLength, int maxValueLength) {
    JsonNode node = field(name);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      violation(name, "must be a JSON object of strings, not " + describe(node));
      return null;
    }
    if (node.size() > maxEntries) {
      violation(name, "must have at most %d entries (got %d)".formatted(maxEntries, node.size()));
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String keyProblem = TextRules.problem(entry.getKey(), maxKeyLength);
      if (keyProblem != null) {
        violation(name, "key \"" + shown(entry.getKey()) + "\" " + keyProblem);
        ok = false;
        continue;
      }
      String value = text(name + "." + entry.getKey(), entry.getValue(), maxValueLength);
      ok &= value != null;
      values.put(entry.getKey(), value);
    }
    return ok ? values : null;
  }

  /** A JSON array of strings, e.g. {@code ["outdoor","sale"]}. */
  public List<String> optionalTextList(String name, int maxItems, int maxLength) {
    JsonNode node = field(name);
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      violation(name, "must be a JSON array of strings, not " + describe(node));
      return null;
    }
    if (node.size() > maxItems) {
      violation(name, "must have at most %d entries (got %d)".formatted(maxItems, node.size()));
      return null;
    }
    List<String> values = new ArrayList<>(node.size());
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      String value = text(name + "[" + i + "]", node.get(i), maxLength);
      ok &= value != null;
      values.add(value);
    }
    return ok ? values : null;
  }

  /** The field's node; null when absent or JSON null (both mean "not given"). */
  private JsonNode field(String name) {
    if (object == null) {
      return null;
    }
    JsonNode node = object.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private String text(String path, JsonNode node, int maxLength) {
    if (!node.isTextual()) {
      violation(path, "must be a string, not " + describe(node));
      return null;
    }
    String problem = TextRules.problem(node.textValue(), maxLength);
    if (problem != null) {
      violation(path, problem);
      return null;
    }
    return node.textValue();
  }

  /** The JSON type of a node, for messages such as "must be a string, not a number". */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * A client's string made safe to quote in a response or log: at most 32 characters, control
   * characters and unpaired surrogates escaped (a JSON writer cannot encode the latter).
   */
  public static String shown(String s) {
    return shown(s, 32);
  }

  /** Like {@link #shown(String)}, cut after {@code maxLength} characters. */
  public static String shown(String s, int maxLength) {
    String cut = s.length() > maxLength ? s.substring(0, maxLength) + "…" : s;
    StringBuilder out = new StringBuilder();
    cut.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private static String plain(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
