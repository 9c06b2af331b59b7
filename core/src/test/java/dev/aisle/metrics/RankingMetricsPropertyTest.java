package dev.aisle.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RankingMetricsPropertyTest {

  record Case(int[] ranked, int[] relevant) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<Integer>> ranked =
        Arbitraries.integers().between(0, 60).list().uniqueElements().ofMaxSize(30);
    Arbitrary<Set<Integer>> relevant =
        Arbitraries.integers().between(0, 60).set().ofMinSize(1).ofMaxSize(20);
    return Combinators.combine(ranked, relevant)
        .as(
            (r, rel) ->
                new Case(
                    r.stream().mapToInt(Integer::intValue).toArray(),
                    rel.stream().mapToInt(Integer::intValue).sorted().toArray()));
  }

  @Property
  void everyMetricLiesBetweenZeroAndOne(
      @ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 40) int k) {
    assertThat(RankingMetrics.ndcg(c.ranked(), c.relevant(), k)).isBetween(0.0, 1.0 + 1e-12);
    assertThat(RankingMetrics.recall(c.ranked(), c.relevant(), k)).isBetween(0.0, 1.0);
    assertThat(RankingMetrics.precision(c.ranked(), c.relevant(), k)).isBetween(0.0, 1.0);
    assertThat(RankingMetrics.averagePrecision(c.ranked(), c.relevant(), k))
        .isBetween(0.0, 1.0 + 1e-12);
  }

  @Property
  void aPerfectRankingScoresOne(
      @ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 40) int k) {
    // the relevant items first (in any order), then anything else
    Set<Integer> perfect = new LinkedHashSet<>();
    Arrays.stream(c.relevant()).forEach(perfect::add);
    Arrays.stream(c.ranked()).forEach(perfect::add);
    int[] ranked = perfect.stream().mapToInt(Integer::intValue).toArray();
    assertThat(RankingMetrics.ndcg(ranked, c.relevant(), k))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(RankingMetrics.averagePrecision(ranked, c.relevant(), k))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Property
  void addingARelevantItemAtRankOneNeverLowersRecall(
      @ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 40) int k) {
    int[] missing =
        Arrays.stream(c.relevant())
            .filter(i -> Arrays.stream(c.ranked()).noneMatch(r -> r == i))
            .toArray();
    Assume.that(missing.length > 0);
    int[] ranked = new int[c.ranked().length + 1];
    ranked[0] = missing[0];
    System.arraycopy(c.ranked(), 0, ranked, 1, c.ranked().length);
    assertThat(RankingMetrics.recall(ranked, c.relevant(), k))
        .isGreaterThanOrEqualTo(RankingMetrics.recall(c.ranked(), c.relevant(), k));
  }

  @Property
  void recallNeverFallsAsKGrows(
      @ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 39) int k) {
    assertThat(RankingMetrics.recall(c.ranked(), c.relevant(), k + 1))
        .isGreaterThanOrEqualTo(RankingMetrics.recall(c.ranked(), c.relevant(), k));
  }
}
