package dev.aisle.infra.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of CDK context values under the {@code aisle:} prefix. Values come from cdk.json
 * (typed JSON) or from {@code -c aisle:key=value} (always strings), so every reader accepts both. A
 * value that does not parse is an error naming the key, never a silent default.
 */
final class Context {

  static final String PREFIX = "aisle:";

  private final Function<String, Object> lookup;

  Context(Function<String, Object> lookup) {
    this.lookup = lookup;
  }

  String string(String key, String fallback) {
    Object value = raw(key);
    return value == null ? fallback : value.toString().trim();
  }

  String optional(String key) {
    return string(key, null);
  }

  int integer(String key, int fallback, int min, int max) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    int parsed;
    try {
      parsed = value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(key, value, "an integer");
    }
    if (parsed < min || parsed > max) {
      throw invalid(key, value, "between " + min + " and " + max);
    }
    return parsed;
  }

  boolean bool(String key, boolean fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    String text = value.toString().trim().toLowerCase();
    if (!text.equals("true") && !text.equals("false")) {
      throw invalid(key, value, "true or false");
    }
    return Boolean.parseBoolean(text);
  }

  String choice(String key, String fallback, Set<String> allowed) {
    String value = string(key, fallback).toLowerCase();
    if (!allowed.contains(value)) {
      throw invalid(key, value, "one of " + allowed);
    }
    return value;
  }

  /** Capacity bounds written {@code MIN..MAX} (read/write capacity units). */
  DeployConfig.Capacity capacity(String key, DeployConfig.Capacity fallback) {
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    String[] bounds = value.toString().trim().split("\\.\\.", -1);
    try {
      if (bounds.length == 2) {
        int min = Integer.parseInt(bounds[0].trim());
        int max = Integer.parseInt(bounds[1].trim());
        if (min >= 1 && min <= max) {
          return new DeployConfig.Capacity(min, max);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, value, "MIN..MAX with 1 <= MIN <= MAX, e.g. 100..8000");
  }

  /** A JSON array in cdk.json, or a comma-separated string from the command line. */
  List<String> list(String key) {
    Object value = raw(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> items) {
      return items.stream()
          .map(Object::toString)
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    return Arrays.stream(value.toString().split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A JSON object in cdk.json (or a JSON string from the command line) of string values. */
  Map<String, String> map(String key) {
    Object value = raw(key);
    if (value == null) {
      return Map.of();
    }
    Object parsed = value;
    if (value instanceof String text) {
      try {
        parsed = dev.aisle.json.Json.mapper().readValue(text, Map.class);
      } catch (java.io.IOException e) {
        throw invalid(key, value, "a JSON object of strings");
      }
    }
    if (!(parsed instanceof Map<?, ?> entries)) {
      throw invalid(key, value, "a JSON object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    entries.forEach((k, v) -> result.put(k.toString(), v == null ? "" : v.toString()));
    return result;
  }

  private Object raw(String key) {
    Object value = lookup.apply(PREFIX + key);
    return value == null || value.toString().isBlank() ? null : value;
  }

  private static IllegalArgumentException invalid(String key, Object value, String expected) {
    return new IllegalArgumentException(
        "context " + PREFIX + key + "=" + value + " is not valid: expected " + expected);
  }
}
