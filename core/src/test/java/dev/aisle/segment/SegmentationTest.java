package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SegmentationTest {

  private static final int SHOPPERS = 5_000;

  private final FactorMatrix factors = KMeansTest.random(SHOPPERS, 16, 21);
  private final AttributeCodes attrs = attributes();

  private static AttributeCodes attributes() {
    Random random = new Random(4);
    IdIndex ids = new IdIndex(IntStream.range(0, SHOPPERS).mapToObj(i -> "u" + i).toList());
    AttributeCodes.Builder builder =
        AttributeCodes.builder(List.of("country", "device", "channel"), ids);
    String[] countries = {"de", "fr", "us", "jp", "br"};
    String[] devices = {"mobile", "desktop"};
    String[] channels = {"email", "search", "social"};
    for (int i = 0; i < SHOPPERS; i++) {
      if (i % 50 != 0) { // every 50th shopper has no profile at all
        builder.add(
            "u" + i,
            Map.of(
                "country",
                countries[random.nextInt(5)],
                "device",
                devices[random.nextInt(2)],
                "channel",
                channels[random.nextInt(3)]));
      }
    }
    return builder.build(20);
  }

  @Test
  void everyShopperFallsIntoExactlyOneSegmentAndSegmentsAreOrderedBySize() {
    Segmentation.Result result =
        Segmentation.compute(
            factors, attrs, Segmentation.Config.defaults(12), "m1", (i, c, n) -> {});

    assertThat(result.segmentOfShopper()).hasSize(SHOPPERS);
    assertThat(
            Arrays.stream(result.segmentOfShopper()).allMatch(s -> s >= 0 && s < result.segments()))
        .isTrue();
    long[] counted = new long[result.segments()];
    Arrays.stream(result.segmentOfShopper()).forEach(s -> counted[s]++);
    List<SegmentIndex.Segment> listed = result.index().segments();
    assertThat(listed)
        .extracting(SegmentIndex.Segment::shoppers)
        .containsExactlyElementsOf(Arrays.stream(counted).boxed().toList());
    assertThat(listed.stream().mapToLong(SegmentIndex.Segment::shoppers).sum()).isEqualTo(SHOPPERS);
    assertThat(listed)
        .extracting(SegmentIndex.Segment::shoppers)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(listed).extracting(SegmentIndex.Segment::id).startsWith("s0", "s1");
    assertThat(result.index().fallback()).isEqualTo("s0");
    assertThat(result.centroids().rows()).isEqualTo(result.segments());
  }

  @Test
  void centroidsAreTheMeanVectorsOfTheirShoppers() {
    Segmentation.Result result =
        Segmentation.compute(
            factors, attrs, Segmentation.Config.defaults(6), "m1", (i, c, n) -> {});
    int f = factors.cols();
    double[] mean = new double[f];
    long members = 0;
    for (int row = 0; row < SHOPPERS; row++) {
      if (result.segmentOfShopper()[row] == 2) {
        members++;
        for (int j = 0; j < f; j++) {
          mean[j] += factors.get(row, j);
        }
      }
    }
    for (int j = 0; j < f; j++) {
      assertThat(result.centroids().get(2, j))
          .isCloseTo((float) (mean[j] / members), org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void rulesAgreeWithTheMajoritySegmentOfEachFullCombination() {
    Segmentation.Result result =
        Segmentation.compute(
            factors, attrs, Segmentation.Config.defaults(8), "m1", (i, c, n) -> {});
    for (SegmentIndex.Rule rule : result.index().rules()) {
      if (rule.match().size() < 3) {
        continue;
      }
      long[] counts = new long[result.segments()];
      for (int row = 0; row < SHOPPERS; row++) {
        if (matches(rule.match(), row)) {
          counts[result.segmentOfShopper()[row]]++;
        }
      }
      long best = Arrays.stream(counts).max().orElseThrow();
      int segment = Integer.parseInt(result.index().assign(rule.match()).substring(1));
      assertThat(counts[segment]).isEqualTo(best);
      assertThat(Arrays.stream(counts).sum()).isEqualTo(rule.shoppers());
    }
    assertThat(result.index().rules())
        .hasSizeGreaterThan(30); // 30 full combinations, plus partial ones
  }

  @Test
  void withoutAttributesTheVectorsAloneDecideAndEveryoneGetsTheFallback() {
    Segmentation.Result result =
        Segmentation.compute(
            factors,
            AttributeCodes.none(SHOPPERS),
            Segmentation.Config.defaults(5),
            "m1",
            (i, c, n) -> {});
    assertThat(result.segments()).isEqualTo(5);
    assertThat(result.index().rules()).isEmpty();
    assertThat(result.index().assign(Map.of("country", "de"))).isEqualTo("s0");
  }

  @Test
  void attributeWeightBalancesTheVarianceOfBothParts() {
    float w = Segmentation.attributeWeight(factors, attrs, 0.5);
    double factorVariance = Segmentation.factorVariance(factors);
    double attributeVariance = 0;
    for (int a = 0; a < attrs.attributes(); a++) {
      double[] p = new double[attrs.cardinality(a)];
      Arrays.stream(attrs.codes(a)).filter(c -> c >= 0).forEach(c -> p[c] += 1.0 / SHOPPERS);
      for (double pv : p) {
        attributeVariance += pv * (1 - pv);
      }
    }
    assertThat(w * w * attributeVariance)
        .isCloseTo(factorVariance, org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat(Segmentation.attributeWeight(factors, attrs, 0)).isZero();
  }

  private boolean matches(Map<String, String> match, int row) {
    for (Map.Entry<String, String> e : match.entrySet()) {
      int a = attrs.names().indexOf(e.getKey());
      int code = attrs.code(a, row);
      if (code < 0 || !attrs.value(a, code).equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }
}
