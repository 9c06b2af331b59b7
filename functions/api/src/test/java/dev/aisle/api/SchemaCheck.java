package dev.aisle.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema object, structurally: {@code type} (with {@code
 * nullable}), {@code enum}, {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items}, {@code minItems}/{@code maxItems}, {@code minimum}/{@code maximum}, {@code
 * minLength}/{@code maxLength}, {@code $ref}. Enough for the api's answers; a keyword it does not
 * know makes it fail rather than pass silently.
 */
final class SchemaCheck {

  private static final List<String> KNOWN =
      List.of(
          "type",
          "nullable",
          "enum",
          "required",
          "properties",
          "additionalProperties",
          "items",
          "minItems",
          "maxItems",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "minProperties",
          "maxProperties",
          "description",
          "format",
          "default",
          "$ref");

  private final OpenApiDocument document;

  SchemaCheck(OpenApiDocument document) {
    this.document = document;
  }

  /**
   * Every way {@code value} breaks {@code schema}, each with its JSON path; empty when it conforms.
   */
  List<String> problems(JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check("$", value, schema, problems);
    return problems;
  }

  private void check(String at, JsonNode value, JsonNode schemaOrRef, List<String> problems) {
    JsonNode schema = document.resolve(schemaOrRef);
    schema
        .fieldNames()
        .forEachRemaining(
            keyword -> {
              if (!KNOWN.contains(keyword)) {
                problems.add(at + ": the check does not know the keyword " + keyword);
              }
            });
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        problems.add(at + ": null but not nullable");
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      problems.add(at + ": expected " + type + ", got " + value.getNodeType());
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (value.isNumber()) {
      bound(at, value.doubleValue(), schema, "minimum", "maximum", problems);
    }
    if (value.isTextual()) {
      bound(
          at,
          value.asText().codePointCount(0, value.asText().length()),
          schema,
          "minLength",
          "maxLength",
          problems);
    }
    if (value.isArray()) {
      bound(at, value.size(), schema, "minItems", "maxItems", problems);
      for (int i = 0; i < value.size(); i++) {
        if (schema.has("items")) {
          check(at + "[" + i + "]", value.get(i), schema.get("items"), problems);
        }
      }
    }
    if (value.isObject()) {
      object(at, value, schema, problems);
    }
  }

  private void object(String at, JsonNode value, JsonNode schema, List<String> problems) {
    schema
        .path("required")
        .forEach(
            name -> {
              if (!value.has(name.asText())) {
                problems.add(at + ": missing required " + name.asText());
              }
            });
    bound(at, value.size(), schema, "minProperties", "maxProperties", problems);
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = at + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(path, field.getValue(), properties.get(field.getKey()), problems);
      } else if (additional.isBoolean() && !additional.asBoolean()) {
        problems.add(path + ": not in the schema");
      } else if (additional.isObject()) {
        check(path, field.getValue(), additional, problems);
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode candidate : values) {
      if (candidate.equals(value)
          || (candidate.isTextual()
              && value.isTextual()
              && candidate.asText().equals(value.asText()))) {
        return true;
      }
    }
    return false;
  }

  private static void bound(
      String at, double actual, JsonNode schema, String min, String max, List<String> problems) {
    if (schema.has(min) && actual < schema.get(min).asDouble()) {
      problems.add(at + ": " + actual + " is below " + min + " " + schema.get(min));
    }
    if (schema.has(max) && actual > schema.get(max).asDouble()) {
      problems.add(at + ": " + actual + " is above " + max + " " + schema.get(max));
    }
  }
}
