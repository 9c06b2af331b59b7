package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KMeansTest {

  private static final KMeans.Config CONFIG = new KMeans.Config(4, 50, 0, 7, 1000, 100_000);

  /** Four tight blobs far apart: each must come out as exactly one cluster. */
  @Test
  void findsWellSeparatedBlobs() {
    int perBlob = 500;
    FactorMatrix points = blobs(perBlob, 8, 0.05f, 11);
    KMeans.Result result =
        new KMeans(points, AttributeCodes.none(points.rows()), 0f).fit(CONFIG, (i, c, n) -> {});

    assertThat(result.clusters()).isEqualTo(4);
    for (int blob = 0; blob < 4; blob++) {
      int[] members = Arrays.copyOfRange(result.assignment(), blob * perBlob, (blob + 1) * perBlob);
      assertThat(Arrays.stream(members).distinct().count())
          .as("blob %d in one cluster", blob)
          .isEqualTo(1);
    }
    assertThat(Arrays.stream(result.assignment()).distinct().count()).isEqualTo(4);
    assertThat(result.sizes()).containsOnly(perBlob);
  }

  /**
   * Hamerly's bounds may only skip work, never change the answer: each point ends at its nearest
   * centroid.
   */
  @Test
  void everyPointEndsAtItsNearestCentroid() {
    FactorMatrix points = random(3000, 6, 3);
    AttributeCodes attrs = SegmentFixtures.attributes(points.rows(), 5);
    float weight = 0.7f;
    KMeans.Result result =
        new KMeans(points, attrs, weight)
            .fit(new KMeans.Config(12, 100, 0, 1, 500, 100_000), (i, c, n) -> {});

    // Recompute the attribute shares of each centroid, then check nearest by brute force.
    int k = result.clusters();
    double[][] shares = attributeShares(attrs, result.assignment(), k);
    int wrong = 0;
    for (int i = 0; i < points.rows(); i++) {
      double best = Double.MAX_VALUE;
      for (int c = 0; c < k; c++) {
        if (result.sizes()[c] > 0) {
          best =
              Math.min(
                  best, bruteDistanceSq(points, attrs, weight, result.centroids(), shares, i, c));
        }
      }
      double own =
          bruteDistanceSq(
              points, attrs, weight, result.centroids(), shares, i, result.assignment()[i]);
      if (own > best + 1e-3 * (1 + best)) {
        wrong++;
      }
    }
    assertThat(result.changedLast()).isZero();
    assertThat(wrong).isZero();
  }

  /**
   * Iterating on a sample: every point still joins the nearest final centroid, and centroids are
   * means.
   */
  @Test
  void aSampledFitAssignsEveryPointAndReportsMeans() {
    int perBlob = 500;
    FactorMatrix points = blobs(perBlob, 8, 0.05f, 13);
    KMeans.Result result =
        new KMeans(points, AttributeCodes.none(points.rows()), 0f)
            .fit(new KMeans.Config(4, 50, 0, 7, 100, 200), (i, c, n) -> {});

    assertThat(result.assignment()).hasSize(4 * perBlob);
    assertThat(result.sizes()).containsOnly(perBlob);
    for (int blob = 0; blob < 4; blob++) {
      int cluster = result.assignment()[blob * perBlob];
      double mean = 0;
      for (int i = blob * perBlob; i < (blob + 1) * perBlob; i++) {
        assertThat(result.assignment()[i]).isEqualTo(cluster);
        mean += points.get(i, blob);
      }
      assertThat(result.centroids()[cluster * 8 + blob])
          .isCloseTo((float) (mean / perBlob), org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void attributesAloneSplitShoppersByValue() {
    int n = 400;
    FactorMatrix same = new FactorMatrix(new float[n * 4], n, 4);
    IdIndex ids = new IdIndex(IntStream.range(0, n).mapToObj(i -> "u" + i).toList());
    AttributeCodes.Builder builder = AttributeCodes.builder(List.of("device"), ids);
    for (int i = 0; i < n; i++) {
      builder.add("u" + i, Map.of("device", i % 2 == 0 ? "mobile" : "desktop"));
    }
    KMeans.Result result =
        new KMeans(same, builder.build(1), 1f)
            .fit(new KMeans.Config(2, 10, 0, 3, 100, 100_000), (i, c, m) -> {});

    for (int i = 2; i < n; i++) {
      assertThat(result.assignment()[i]).isEqualTo(result.assignment()[i % 2]);
    }
    assertThat(result.assignment()[0]).isNotEqualTo(result.assignment()[1]);
  }

  @Test
  void sameSeedSameResultAndFewerDistinctPointsThanClusters() {
    FactorMatrix points = random(2000, 5, 9);
    AttributeCodes none = AttributeCodes.none(points.rows());
    KMeans.Result a =
        new KMeans(points, none, 0f)
            .fit(new KMeans.Config(10, 20, 0.001, 5, 300, 100_000), (i, c, n) -> {});
    KMeans.Result b =
        new KMeans(points, none, 0f)
            .fit(new KMeans.Config(10, 20, 0.001, 5, 300, 100_000), (i, c, n) -> {});
    assertThat(a.assignment()).isEqualTo(b.assignment());
    assertThat(a.centroids()).isEqualTo(b.centroids());

    float[] twoPoints = new float[10 * 2];
    for (int i = 5; i < 10; i++) {
      twoPoints[i * 2] = 1f;
    }
    KMeans.Result few =
        new KMeans(new FactorMatrix(twoPoints, 10, 2), AttributeCodes.none(10), 0f)
            .fit(new KMeans.Config(5, 10, 0, 1, 100, 100_000), (i, c, n) -> {});
    assertThat(few.clusters()).isEqualTo(2);
    Set<Integer> used = new HashSet<>();
    Arrays.stream(few.assignment()).forEach(used::add);
    assertThat(used).hasSize(2);
  }

  static FactorMatrix blobs(int perBlob, int dims, float spread, long seed) {
    Random random = new Random(seed);
    float[] data = new float[4 * perBlob * dims];
    for (int blob = 0; blob < 4; blob++) {
      for (int i = 0; i < perBlob; i++) {
        int row = blob * perBlob + i;
        for (int j = 0; j < dims; j++) {
          float center = j == blob ? 5f : 0f;
          data[row * dims + j] = center + spread * (float) random.nextGaussian();
        }
      }
    }
    return new FactorMatrix(data, 4 * perBlob, dims);
  }

  static FactorMatrix random(int rows, int dims, long seed) {
    Random random = new Random(seed);
    float[] data = new float[rows * dims];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new FactorMatrix(data, rows, dims);
  }

  private static double[][] attributeShares(AttributeCodes attrs, int[] assignment, int k) {
    double[][] shares = new double[k][];
    long[] sizes = new long[k];
    Arrays.stream(assignment).forEach(c -> sizes[c]++);
    int total = 0;
    for (int a = 0; a < attrs.attributes(); a++) {
      total += attrs.cardinality(a);
    }
    for (int c = 0; c < k; c++) {
      shares[c] = new double[total];
    }
    for (int i = 0; i < assignment.length; i++) {
      int offset = 0;
      for (int a = 0; a < attrs.attributes(); a++) {
        int code = attrs.code(a, i);
        if (code >= 0) {
          shares[assignment[i]][offset + code] += 1.0 / sizes[assignment[i]];
        }
        offset += attrs.cardinality(a);
      }
    }
    return shares;
  }

  /** The distance written out in full: dense part plus the explicit one-hot vectors. */
  private static double bruteDistanceSq(
      FactorMatrix points,
      AttributeCodes attrs,
      float weight,
      float[] centroids,
      double[][] shares,
      int i,
      int c) {
    int f = points.cols();
    double d = 0;
    for (int j = 0; j < f; j++) {
      double diff = points.get(i, j) - centroids[c * f + j];
      d += diff * diff;
    }
    int offset = 0;
    for (int a = 0; a < attrs.attributes(); a++) {
      for (int v = 0; v < attrs.cardinality(a); v++) {
        double xv = attrs.code(a, i) == v ? weight : 0;
        double diff = xv - weight * shares[c][offset + v];
        d += diff * diff;
      }
      offset += attrs.cardinality(a);
    }
    return d;
  }
}
