package dev.aisle.scoring;

import java.util.HashMap;
import java.util.Map;

/**
 * Item categories as small integer codes, one per row: what a category filter compares in the scan
 * loop instead of strings. Built once per model.
 */
public final class CategoryCodes {

  /** The code of a category no row has: a filter on it matches nothing. */
  public static final int UNKNOWN = -2;

  private final int[] rowCodes;
  private final Map<String, Integer> codes;
  private final int[] counts;

  private CategoryCodes(int[] rowCodes, Map<String, Integer> codes) {
    this.rowCodes = rowCodes;
    this.codes = codes;
    this.counts = new int[codes.size()];
    for (int code : rowCodes) {
      counts[code]++;
    }
  }

  /** Codes for the given category of each row ("" or null = uncategorized, itself a category). */
  public static CategoryCodes of(String[] rowCategories) {
    Map<String, Integer> codes = new HashMap<>();
    int[] rowCodes = new int[rowCategories.length];
    for (int row = 0; row < rowCategories.length; row++) {
      String category = rowCategories[row] == null ? "" : rowCategories[row];
      rowCodes[row] = codes.computeIfAbsent(category, c -> codes.size());
    }
    return new CategoryCodes(rowCodes, Map.copyOf(codes));
  }

  /** The code of each row (shared, not copied). */
  public int[] rowCodes() {
    return rowCodes;
  }

  /** The code of {@code category}, or {@link #UNKNOWN} when no row has it. */
  public int codeOf(String category) {
    return codes.getOrDefault(category, UNKNOWN);
  }

  /** How many rows have {@code code} (0 for {@link #UNKNOWN}). */
  public int rows(int code) {
    return code >= 0 && code < counts.length ? counts[code] : 0;
  }

  public int categories() {
    return codes.size();
  }
}
