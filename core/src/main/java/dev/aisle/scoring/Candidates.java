package dev.aisle.scoring;

/**
 * Which rows a top-K search may return: not in {@code excluded}, and, when {@code category} is not
 * {@link #ANY_CATEGORY}, only rows whose {@code rowCategories} code equals it. Both are primitive
 * arrays indexed by row; see {@link CategoryCodes} for the codes.
 *
 * @param excluded rows never returned, or null for none
 * @param rowCategories the category code of each row, or null when no filter is asked for
 * @param category the wanted code, or {@link #ANY_CATEGORY}
 */
public record Candidates(RowMask excluded, int[] rowCategories, int category) {

  public static final int ANY_CATEGORY = -1;
  public static final Candidates ALL = new Candidates(null, null, ANY_CATEGORY);

  public Candidates {
    if (category != ANY_CATEGORY && rowCategories == null) {
      throw new IllegalArgumentException("a category filter needs the rows' category codes");
    }
  }

  public static Candidates excluding(RowMask excluded) {
    return new Candidates(excluded, null, ANY_CATEGORY);
  }

  /** These candidates restricted to one category code. */
  public Candidates inCategory(int[] codes, int code) {
    return new Candidates(excluded, codes, code);
  }

  public boolean filtersCategory() {
    return category != ANY_CATEGORY;
  }

  /** Whether {@code row} may be returned (the scan loop tests the same conditions inline). */
  public boolean allows(int row) {
    return (excluded == null || !excluded.get(row))
        && (!filtersCategory() || rowCategories[row] == category);
  }
}
