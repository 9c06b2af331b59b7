package dev.aisle.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the decision list of {@link SegmentIndex} from the shoppers' segments: for every
 * non-empty subset of the attributes and every combination of values on it held by at least {@code
 * minSupport} shoppers, the rule "these values → the segment most of those shoppers are in". A
 * browser that knows only some attributes then still finds the best-supported guess for what it
 * knows. Rules are ordered most specific first, then by support.
 *
 * <p>Counting sorts one {@code long} per shopper per subset (combination key × segments + segment),
 * so memory stays at 8 bytes per shopper however many combinations there are.
 */
public final class SegmentRules {

  /** More attributes would mean 2^a subsets per run; the index is meant for a handful of them. */
  public static final int MAX_ATTRIBUTES = 6;

  private SegmentRules() {}

  /**
   * @param attrs shoppers' attribute codes, one row per shopper
   * @param segmentOfRow each shopper's segment number (0..ids.length-1), lower = preferred on ties
   * @param ids segment ids by number
   * @param minSupport shoppers a combination needs before it gets a rule
   * @param maxRules at most this many rules, the best supported kept
   */
  public static List<SegmentIndex.Rule> derive(
      AttributeCodes attrs, int[] segmentOfRow, String[] ids, int minSupport, int maxRules) {
    int attributes = attrs.attributes();
    if (attributes > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "at most " + MAX_ATTRIBUTES + " segment attributes, got " + attributes);
    }
    List<SegmentIndex.Rule> rules = new ArrayList<>();
    long[] keys = new long[segmentOfRow.length];
    for (int subset = 1; subset < 1 << attributes; subset++) {
      rulesOfSubset(attrs, subset, segmentOfRow, ids, Math.max(1, minSupport), keys, rules);
    }
    return rules.stream()
        .sorted(Comparator.comparingLong(SegmentIndex.Rule::shoppers).reversed())
        .limit(maxRules)
        .sorted(
            Comparator.<SegmentIndex.Rule>comparingInt(r -> r.match().size())
                .reversed()
                .thenComparing(Comparator.comparingLong(SegmentIndex.Rule::shoppers).reversed())
                .thenComparing(r -> r.match().toString()))
        .toList();
  }

  private static void rulesOfSubset(
      AttributeCodes attrs,
      int subset,
      int[] segmentOfRow,
      String[] ids,
      int minSupport,
      long[] keys,
      List<SegmentIndex.Rule> out) {
    int segments = ids.length;
    int[] members = members(attrs.attributes(), subset);
    long keySpace = segments;
    for (int a : members) {
      keySpace =
          Math.multiplyExact(
              keySpace, attrs.cardinality(a)); // fails loudly rather than overflow a key
    }
    int size = 0;
    for (int row = 0; row < segmentOfRow.length; row++) {
      long key = 0;
      boolean complete = true;
      for (int a : members) {
        int code = attrs.code(a, row);
        if (code < 0) {
          complete = false;
          break;
        }
        key = key * attrs.cardinality(a) + code;
      }
      if (complete) {
        keys[size++] = key * segments + segmentOfRow[row];
      }
    }
    java.util.Arrays.parallelSort(keys, 0, size);
    for (int start = 0; start < size; ) {
      long combination = keys[start] / segments;
      int end = start;
      int bestSegment = -1;
      int bestCount = 0;
      while (end < size && keys[end] / segments == combination) {
        int runStart = end;
        int segment = (int) (keys[end] % segments);
        while (end < size && keys[end] == keys[runStart]) {
          end++;
        }
        if (end - runStart > bestCount) {
          bestCount = end - runStart;
          bestSegment = segment;
        }
      }
      if (end - start >= minSupport) {
        out.add(
            new SegmentIndex.Rule(
                match(attrs, members, combination), ids[bestSegment], end - start));
      }
      start = end;
    }
  }

  private static int[] members(int attributes, int subset) {
    return java.util.stream.IntStream.range(0, attributes)
        .filter(a -> (subset & 1 << a) != 0)
        .toArray();
  }

  private static Map<String, String> match(AttributeCodes attrs, int[] members, long combination) {
    Map<String, String> match = new LinkedHashMap<>();
    for (int m = members.length - 1; m >= 0; m--) {
      int a = members[m];
      match.put(attrs.name(a), attrs.value(a, (int) (combination % attrs.cardinality(a))));
      combination /= attrs.cardinality(a);
    }
    return match;
  }
}
