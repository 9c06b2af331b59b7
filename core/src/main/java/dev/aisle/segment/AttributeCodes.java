package dev.aisle.segment;

import dev.aisle.model.IdIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Shoppers' categorical attributes (country, device, channel…) as small integer codes: one {@code
 * int[]} per attribute, indexed by the shopper's row in the model, {@link #MISSING} where the
 * shopper has no usable value. About 4 bytes per shopper and attribute; no strings per shopper.
 *
 * <p>Values are {@linkplain SegmentIndex#normalize normalized}. Values held by fewer than {@code
 * minSupport} shoppers are treated as missing: they would never earn a rule of their own, and the
 * segment index is public, so rare values (one shopper's postcode…) are never published. Codes
 * follow the values' lexical order, so the result does not depend on the input's order.
 */
public final class AttributeCodes {

  public static final int MISSING = -1;

  private final List<String> names;
  private final List<List<String>> values;
  private final int[][] codes;
  private final int rows;

  private AttributeCodes(List<String> names, List<List<String>> values, int[][] codes, int rows) {
    this.names = List.copyOf(names);
    this.values = values.stream().map(List::copyOf).toList();
    this.codes = codes;
    this.rows = rows;
  }

  /** No attributes at all: segmentation then uses the model vectors alone. */
  public static AttributeCodes none(int rows) {
    return new AttributeCodes(List.of(), List.of(), new int[0][], rows);
  }

  public static Builder builder(List<String> attributeNames, IdIndex shoppers) {
    return new Builder(attributeNames, shoppers);
  }

  /** Number of attributes. */
  public int attributes() {
    return names.size();
  }

  /** Number of shopper rows. */
  public int rows() {
    return rows;
  }

  public List<String> names() {
    return names;
  }

  public String name(int attribute) {
    return names.get(attribute);
  }

  /** Distinct kept values of one attribute; a code is an index into this list. */
  public int cardinality(int attribute) {
    return values.get(attribute).size();
  }

  public String value(int attribute, int code) {
    return values.get(attribute).get(code);
  }

  /** The code of shopper {@code row} for {@code attribute}, or {@link #MISSING}. */
  public int code(int attribute, int row) {
    return codes[attribute][row];
  }

  /** The codes of one attribute by shopper row (shared, not copied). */
  public int[] codes(int attribute) {
    return codes[attribute];
  }

  /** Collects attribute values by shopper id; ids the model does not know are skipped. */
  public static final class Builder {
    private final List<String> names;
    private final IdIndex shoppers;
    private final List<Map<String, Integer>> dictionaries = new ArrayList<>();
    private final List<List<String>> valuesByCode = new ArrayList<>();
    private final int[][] codes;
    private long accepted;
    private long unknown;

    private Builder(List<String> names, IdIndex shoppers) {
      if (names.size() != names.stream().distinct().count()) {
        throw new IllegalArgumentException("attribute names repeat: " + names);
      }
      this.names = List.copyOf(names);
      this.shoppers = shoppers;
      this.codes = new int[names.size()][shoppers.size()];
      for (int a = 0; a < names.size(); a++) {
        Arrays.fill(codes[a], MISSING);
        dictionaries.add(new HashMap<>());
        valuesByCode.add(new ArrayList<>());
      }
    }

    /** Records one shopper's attributes (other keys than the configured names are ignored). */
    public Builder add(String userId, Map<String, String> attributes) {
      return add(userId, attributes::get);
    }

    /** Records one shopper's attributes, looked up by name (null = missing). */
    public Builder add(String userId, Function<String, String> attributes) {
      int row = shoppers.rowOf(userId);
      if (row < 0) {
        unknown++;
        return this;
      }
      accepted++;
      for (int a = 0; a < names.size(); a++) {
        String value = SegmentIndex.normalize(attributes.apply(names.get(a)));
        if (value.isEmpty()) {
          codes[a][row] = MISSING;
          continue;
        }
        List<String> byCode = valuesByCode.get(a);
        codes[a][row] =
            dictionaries
                .get(a)
                .computeIfAbsent(
                    value,
                    v -> {
                      byCode.add(v);
                      return byCode.size() - 1;
                    });
      }
      return this;
    }

    /** Profiles accepted so far (the model knows the shopper). */
    public long accepted() {
      return accepted;
    }

    /** Profiles skipped because the model does not know the shopper. */
    public long unknown() {
      return unknown;
    }

    /** The codes, with values held by fewer than {@code minSupport} shoppers made missing. */
    public AttributeCodes build(int minSupport) {
      List<List<String>> kept = new ArrayList<>();
      for (int a = 0; a < names.size(); a++) {
        List<String> byCode = valuesByCode.get(a);
        int[] counts = new int[byCode.size()];
        for (int code : codes[a]) {
          if (code != MISSING) {
            counts[code]++;
          }
        }
        TreeMap<String, Integer> sorted = new TreeMap<>();
        for (int code = 0; code < byCode.size(); code++) {
          if (counts[code] >= minSupport) {
            sorted.put(byCode.get(code), code);
          }
        }
        int[] remap = new int[byCode.size()];
        Arrays.fill(remap, MISSING);
        int next = 0;
        for (int oldCode : sorted.values()) {
          remap[oldCode] = next++;
        }
        int[] column = codes[a];
        for (int row = 0; row < column.length; row++) {
          if (column[row] != MISSING) {
            column[row] = remap[column[row]];
          }
        }
        kept.add(new ArrayList<>(sorted.keySet()));
      }
      return new AttributeCodes(names, kept, codes, shoppers.size());
    }
  }
}
