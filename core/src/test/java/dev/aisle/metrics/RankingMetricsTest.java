package dev.aisle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Hand-computed examples: ranked [7, 3, 9, 1, 5], relevant {1, 3, 8}. Hits at ranks 2 and 4. */
class RankingMetricsTest {

  private static final int[] RANKED = {7, 3, 9, 1, 5};
  private static final int[] RELEVANT = {1, 3, 8};

  @Test
  void precision() {
    assertThat(RankingMetrics.precision(RANKED, RELEVANT, 5)).isCloseTo(2.0 / 5, offset(1e-12));
    assertThat(RankingMetrics.precision(RANKED, RELEVANT, 2)).isCloseTo(1.0 / 2, offset(1e-12));
    // a list shorter than K still divides by K
    assertThat(RankingMetrics.precision(new int[] {3}, RELEVANT, 10)).isCloseTo(0.1, offset(1e-12));
  }

  @Test
  void recall() {
    assertThat(RankingMetrics.recall(RANKED, RELEVANT, 5)).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(RankingMetrics.recall(RANKED, RELEVANT, 3)).isCloseTo(1.0 / 3, offset(1e-12));
    assertThat(RankingMetrics.recall(RANKED, RELEVANT, 1)).isZero();
  }

  @Test
  void ndcg() {
    // DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068; ideal (3 hits) = 1 + 0.63093 + 0.5
    double dcg = 1 / log2(3) + 1 / log2(5);
    double ideal = 1 + 1 / log2(3) + 0.5;
    assertThat(RankingMetrics.ndcg(RANKED, RELEVANT, 5)).isCloseTo(dcg / ideal, offset(1e-12));
    assertThat(RankingMetrics.ndcg(RANKED, RELEVANT, 5)).isCloseTo(0.49818, offset(1e-5));
    // K = 2: one hit at rank 2, ideal has two hits
    assertThat(RankingMetrics.ndcg(RANKED, RELEVANT, 2))
        .isCloseTo((1 / log2(3)) / (1 + 1 / log2(3)), offset(1e-12));
  }

  @Test
  void averagePrecision() {
    // hits at ranks 2 and 4: (1/2 + 2/4) / min(3, 5)
    assertThat(RankingMetrics.averagePrecision(RANKED, RELEVANT, 5))
        .isCloseTo((0.5 + 0.5) / 3, offset(1e-12));
    // K = 2: one hit at rank 2, divided by min(3, 2)
    assertThat(RankingMetrics.averagePrecision(RANKED, RELEVANT, 2))
        .isCloseTo(0.5 / 2, offset(1e-12));
  }

  @Test
  void summaryAveragesUsersAndMeasuresCoverage() {
    MetricSummary summary = new MetricSummary(2, 10);
    summary.add(new int[] {1, 2}, new int[] {1});
    summary.add(new int[] {3, 4}, new int[] {9});
    summary.add(new int[] {5, 1}, new int[] {});
    assertThat(summary.users()).isEqualTo(2);
    assertThat(summary.recall()).isCloseTo(0.5, offset(1e-12));
    assertThat(summary.precision()).isCloseTo(0.25, offset(1e-12));
    assertThat(summary.ndcg()).isCloseTo(0.5, offset(1e-12));
    assertThat(summary.map()).isCloseTo(0.5, offset(1e-12));
    assertThat(summary.coverage()).isCloseTo(0.5, offset(1e-12));
    MetricSummary other = new MetricSummary(2, 10);
    other.add(new int[] {9, 8}, new int[] {9});
    summary.merge(other);
    assertThat(summary.users()).isEqualTo(3);
    assertThat(summary.recall()).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(summary.coverage()).isCloseTo(0.7, offset(1e-12));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
