package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.IdIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SegmentRulesTest {

  private static final String[] IDS = {"s0", "s1", "s2"};

  /**
   * 10 shoppers de/mobile: 7 in s1, 3 in s0. 6 shoppers de/desktop, all s2. 4 shoppers fr/mobile,
   * s0. 2 shoppers with only a device (mobile), s2.
   */
  private final List<Map<String, String>> attributes = new ArrayList<>();

  private final List<Integer> segments = new ArrayList<>();

  SegmentRulesTest() {
    add(7, Map.of("country", "de", "device", "mobile"), 1);
    add(3, Map.of("country", "de", "device", "mobile"), 0);
    add(6, Map.of("country", "de", "device", "desktop"), 2);
    add(4, Map.of("country", "fr", "device", "mobile"), 0);
    add(2, Map.of("device", "mobile"), 2);
  }

  private void add(int count, Map<String, String> attrs, int segment) {
    for (int i = 0; i < count; i++) {
      attributes.add(attrs);
      segments.add(segment);
    }
  }

  private AttributeCodes codes() {
    IdIndex ids =
        new IdIndex(IntStream.range(0, attributes.size()).mapToObj(i -> "u" + i).toList());
    AttributeCodes.Builder builder = AttributeCodes.builder(List.of("country", "device"), ids);
    for (int i = 0; i < attributes.size(); i++) {
      builder.add("u" + i, attributes.get(i));
    }
    return builder.build(1);
  }

  private int[] segmentOf() {
    return segments.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void eachCombinationMapsToItsMostCommonSegmentMostSpecificFirst() {
    List<SegmentIndex.Rule> rules = SegmentRules.derive(codes(), segmentOf(), IDS, 1, 100);

    assertThat(rules).extracting(r -> r.match().size()).isSortedAccordingTo((a, b) -> b - a);
    assertThat(rules)
        .contains(
            new SegmentIndex.Rule(Map.of("country", "de", "device", "mobile"), "s1", 10),
            new SegmentIndex.Rule(Map.of("country", "de", "device", "desktop"), "s2", 6),
            new SegmentIndex.Rule(Map.of("country", "fr", "device", "mobile"), "s0", 4),
            new SegmentIndex.Rule(Map.of("country", "de"), "s1", 16),
            new SegmentIndex.Rule(Map.of("country", "fr"), "s0", 4),
            // mobile: s1 7, s0 3+4 = 7, s2 2 -> tie between s0 and s1, the lower number (larger
            // segment) wins
            new SegmentIndex.Rule(Map.of("device", "mobile"), "s0", 16),
            new SegmentIndex.Rule(Map.of("device", "desktop"), "s2", 6));
    assertThat(rules).hasSize(7);
  }

  @Test
  void minimumSupportAndRuleCapDropTheWeakestRules() {
    List<SegmentIndex.Rule> supported = SegmentRules.derive(codes(), segmentOf(), IDS, 5, 100);
    assertThat(supported).extracting(SegmentIndex.Rule::shoppers).allMatch(s -> s >= 5);
    assertThat(supported).noneMatch(r -> r.match().containsValue("fr"));

    List<SegmentIndex.Rule> capped = SegmentRules.derive(codes(), segmentOf(), IDS, 1, 2);
    assertThat(capped).extracting(SegmentIndex.Rule::shoppers).containsExactlyInAnyOrder(16L, 16L);
  }

  @Test
  void theIndexBuiltFromTheRulesPicksWhatTheShoppersSuggest() {
    SegmentIndex index =
        new SegmentIndex(
            "m",
            List.of("country", "device"),
            SegmentRules.derive(codes(), segmentOf(), IDS, 1, 100),
            "s0",
            List.of(),
            null);
    assertThat(index.assign(Map.of("country", "DE", "device", "mobile"))).isEqualTo("s1");
    assertThat(index.assign(Map.of("country", "de", "device", "tablet"))).isEqualTo("s1");
    assertThat(index.assign(Map.of("device", "desktop"))).isEqualTo("s2");
    assertThat(index.assign(Map.of("country", "jp"))).isEqualTo("s0");
  }
}
