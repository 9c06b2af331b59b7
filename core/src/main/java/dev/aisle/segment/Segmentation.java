package dev.aisle.segment;

import dev.aisle.model.FactorMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Groups the trained shoppers into segments and derives how a browser picks one: k-means ({@link
 * KMeans}) over each shopper's model vector next to their one-hot attributes, the two parts
 * balanced so that the attributes carry {@code attributeShare} of the total variance; then segments
 * ordered by size ({@code s0} the largest), their profiles, and the rules of {@link SegmentIndex}
 * ({@link SegmentRules}). Every trained shopper is in exactly one segment.
 */
public final class Segmentation {

  /**
   * @param segments wanted number of segments
   * @param attributeShare share of the variance the attribute part carries, in [0, 1): 0 clusters
   *     on model vectors only, 0.5 balances both
   * @param initSample shoppers k-means++ seeds from
   * @param fitSample shoppers k-means iterates on (then every shopper joins its nearest centroid)
   * @param minSupport shoppers a value or a combination of values needs to be published in rules
   * @param maxRules cap on the rules in the index
   */
  public record Config(
      int segments,
      double attributeShare,
      int maxIterations,
      double tolerance,
      long seed,
      int initSample,
      int fitSample,
      int minSupport,
      int maxRules) {

    public Config {
      if (segments < 1
          || attributeShare < 0
          || attributeShare >= 1
          || minSupport < 1
          || maxRules < 0) {
        throw new IllegalArgumentException("invalid segmentation configuration " + this);
      }
    }

    /**
     * Attributes carry half the variance; at most 25 iterations, stopping below 0.1 % reassigned;
     * seeds from 20,000 shoppers and iterates on up to 100,000 (then assigns everyone); values need
     * 20 shoppers; the 5,000 best-supported rules are kept.
     */
    public static Config defaults(int segments) {
      return new Config(segments, 0.5, 25, 0.001, 42, 20_000, 100_000, 20, 5_000);
    }

    /** This configuration with the choices a user makes per run. */
    public Config with(double share, long newSeed, int support) {
      return new Config(
          segments,
          share,
          maxIterations,
          tolerance,
          newSeed,
          initSample,
          fitSample,
          support,
          maxRules);
    }

    KMeans.Config kMeans() {
      return new KMeans.Config(segments, maxIterations, tolerance, seed, initSample, fitSample);
    }
  }

  /**
   * @param ids segment ids, largest segment first
   * @param segmentOfShopper each shopper row's segment number (an index into {@code ids})
   * @param centroids the mean model vector of each segment, row-major in {@code ids} order
   * @param index the browser's rule and the segments' sizes and profiles
   * @param iterations k-means iterations run
   */
  public record Result(
      String[] ids,
      int[] segmentOfShopper,
      FactorMatrix centroids,
      SegmentIndex index,
      int iterations) {

    public int segments() {
      return ids.length;
    }

    public long shoppers(int segment) {
      return index.segments().get(segment).shoppers();
    }
  }

  private Segmentation() {}

  /**
   * Segments the shoppers of {@code userFactors} (rows aligned with {@code attrs}); returns null
   * when there are no shoppers.
   */
  public static Result compute(
      FactorMatrix userFactors,
      AttributeCodes attrs,
      Config config,
      String modelVersion,
      KMeans.Progress progress) {
    if (userFactors.rows() == 0) {
      return null;
    }
    float weight = attributeWeight(userFactors, attrs, config.attributeShare());
    KMeans.Result clusters = new KMeans(userFactors, attrs, weight).fit(config.kMeans(), progress);

    Integer[] bySize =
        IntStream.range(0, clusters.clusters())
            .filter(c -> clusters.sizes()[c] > 0)
            .boxed()
            .sorted(
                Comparator.<Integer>comparingInt(c -> -clusters.sizes()[c])
                    .thenComparingInt(c -> c))
            .toArray(Integer[]::new);
    int[] rank = new int[clusters.clusters()];
    String[] ids = new String[bySize.length];
    int f = userFactors.cols();
    float[] centroids = new float[bySize.length * f];
    for (int r = 0; r < bySize.length; r++) {
      rank[bySize[r]] = r;
      ids[r] = "s" + r;
      System.arraycopy(clusters.centroids(), bySize[r] * f, centroids, r * f, f);
    }
    int[] segmentOf = clusters.assignment();
    for (int row = 0; row < segmentOf.length; row++) {
      segmentOf[row] = rank[segmentOf[row]];
    }

    List<SegmentIndex.Segment> segments = profiles(attrs, segmentOf, ids);
    List<SegmentIndex.Rule> rules =
        SegmentRules.derive(attrs, segmentOf, ids, config.minSupport(), config.maxRules());
    SegmentIndex index =
        new SegmentIndex(modelVersion, attrs.names(), rules, ids[0], segments, null);
    return new Result(
        ids, segmentOf, new FactorMatrix(centroids, ids.length, f), index, clusters.iterations());
  }

  /**
   * {@code w} such that w²·(attribute variance) = share/(1−share)·(factor variance): the one-hot
   * part carries {@code share} of the total variance whatever the scale of the model's vectors.
   */
  static float attributeWeight(FactorMatrix factors, AttributeCodes attrs, double share) {
    double attributeVariance = 0;
    for (int a = 0; a < attrs.attributes(); a++) {
      long[] counts = new long[attrs.cardinality(a)];
      for (int code : attrs.codes(a)) {
        if (code >= 0) {
          counts[code]++;
        }
      }
      for (long count : counts) {
        double p = (double) count / attrs.rows();
        attributeVariance += p - p * p;
      }
    }
    if (attributeVariance == 0 || share == 0) {
      return 0f;
    }
    double factorVariance = factorVariance(factors);
    if (factorVariance == 0) {
      return 1f;
    }
    return (float) Math.sqrt(share / (1 - share) * factorVariance / attributeVariance);
  }

  /** Total variance of the rows: E‖x‖² − ‖E x‖². */
  static double factorVariance(FactorMatrix factors) {
    int f = factors.cols();
    float[] x = factors.data();
    double[] mean = new double[f];
    double sumSq = 0;
    for (int i = 0; i < factors.rows(); i++) {
      for (int j = 0; j < f; j++) {
        double v = x[i * f + j];
        mean[j] += v;
        sumSq += v * v;
      }
    }
    double meanNormSq = 0;
    for (int j = 0; j < f; j++) {
      mean[j] /= factors.rows();
      meanNormSq += mean[j] * mean[j];
    }
    return Math.max(0, sumSq / factors.rows() - meanNormSq);
  }

  private static List<SegmentIndex.Segment> profiles(
      AttributeCodes attrs, int[] segmentOf, String[] ids) {
    int segments = ids.length;
    long[] sizes = new long[segments];
    for (int s : segmentOf) {
      sizes[s]++;
    }
    List<Map<String, String>> profiles = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      profiles.add(new LinkedHashMap<>());
    }
    for (int a = 0; a < attrs.attributes(); a++) {
      int cardinality = attrs.cardinality(a);
      long[] counts = new long[segments * cardinality];
      int[] codes = attrs.codes(a);
      for (int row = 0; row < segmentOf.length; row++) {
        if (codes[row] >= 0) {
          counts[segmentOf[row] * cardinality + codes[row]]++;
        }
      }
      for (int s = 0; s < segments; s++) {
        int best = -1;
        for (int v = 0; v < cardinality; v++) {
          if (counts[s * cardinality + v] > 0
              && (best < 0 || counts[s * cardinality + v] > counts[s * cardinality + best])) {
            best = v;
          }
        }
        if (best >= 0) {
          profiles.get(s).put(attrs.name(a), attrs.value(a, best));
        }
      }
    }
    List<SegmentIndex.Segment> out = new ArrayList<>(segments);
    for (int s = 0; s < segments; s++) {
      out.add(new SegmentIndex.Segment(ids[s], sizes[s], profiles.get(s)));
    }
    return out;
  }
}
