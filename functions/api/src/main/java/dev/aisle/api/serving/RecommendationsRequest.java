package dev.aisle.api.serving;

import dev.aisle.serving.RecommendationQuery;
import dev.aisle.validation.Ids;
import dev.aisle.validation.TextRules;
import dev.aisle.validation.Violation;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /recommendations}: {@code
 * ?userId=U[&k=10][&category=C][&exclude=i1,i2][&context.country=DE&context.device=mobile…]}.
 * {@code exclude} may also be repeated; {@code context.*} entries override the shopper's stored
 * attributes when choosing a segment for a shopper without a vector. A mutable bean because Funqy
 * binds query parameters through setters.
 */
public class RecommendationsRequest {

  public static final int DEFAULT_K = 10;
  public static final int MAX_K = 100;
  public static final int MAX_ID_LENGTH = Ids.MAX_LENGTH;
  public static final int MAX_EXCLUDED = 500;
  public static final int MAX_CONTEXT_ENTRIES = 16;
  public static final int MAX_CONTEXT_KEY = 64;

  private String userId;
  private String k;
  private String category;
  private List<String> exclude;
  private Map<String, String> context;

  /** The validated query; every problem goes to {@code violations} (then the result is null). */
  RecommendationQuery validate(List<Violation> violations) {
    text("userId", userId, true, MAX_ID_LENGTH, violations);
    int count = parseK(k, violations);
    text("category", category, false, MAX_ID_LENGTH, violations);
    Set<String> excluded = new LinkedHashSet<>();
    if (exclude != null) {
      for (String value : exclude) {
        for (String id : value.split(",", -1)) {
          if (!id.isEmpty() && text("exclude", id, true, MAX_ID_LENGTH, violations)) {
            excluded.add(id);
          }
        }
      }
      if (excluded.size() > MAX_EXCLUDED) {
        violations.add(
            Violation.ofRequest(
                "exclude", "at most %d ids (got %d)".formatted(MAX_EXCLUDED, excluded.size())));
      }
    }
    Map<String, String> ctx = new LinkedHashMap<>();
    if (context != null) {
      if (context.size() > MAX_CONTEXT_ENTRIES) {
        violations.add(
            Violation.ofRequest(
                "context",
                "at most %d entries (got %d)".formatted(MAX_CONTEXT_ENTRIES, context.size())));
      }
      context.forEach(
          (key, value) -> {
            if (text("context", key, true, MAX_CONTEXT_KEY, violations)
                && text("context." + key, value, true, MAX_ID_LENGTH, violations)) {
              ctx.put(key, value);
            }
          });
    }
    return violations.isEmpty()
        ? new RecommendationQuery(userId, count, category, excluded, ctx)
        : null;
  }

  static int parseK(String k, List<Violation> violations) {
    if (k == null) {
      return DEFAULT_K;
    }
    try {
      int value = Integer.parseInt(k.strip());
      if (value >= 1 && value <= MAX_K) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    violations.add(
        Violation.ofRequest(
            "k",
            "must be an integer from 1 to %d (got '%s')"
                .formatted(MAX_K, k.length() > 20 ? k.substring(0, 20) + "…" : k)));
    return DEFAULT_K;
  }

  /** Checks one text parameter; true when it is present and acceptable. */
  static boolean text(
      String field, String value, boolean required, int maxLength, List<Violation> violations) {
    if (value == null) {
      if (required) {
        violations.add(Violation.ofRequest(field, "is required"));
      }
      return false;
    }
    String problem = TextRules.problem(value, maxLength);
    if (problem != null) {
      violations.add(Violation.ofRequest(field, problem));
      return false;
    }
    return true;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getK() {
    return k;
  }

  public void setK(String k) {
    this.k = k;
  }

  public String getCategory() {
    return category;
  }

  public void setCategory(String category) {
    this.category = category;
  }

  public List<String> getExclude() {
    return exclude;
  }

  /** Keeps the list itself: Funqy sets an empty list first and adds each parameter value to it. */
  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }

  public Map<String, String> getContext() {
    return context;
  }

  public void setContext(Map<String, String> context) {
    this.context = context;
  }
}
