package dev.aisle.bench;

import dev.aisle.model.FactorMatrix;
import java.util.SplittableRandom;

/**
 * Random factors shaped like implicit ALS output, for benchmarks of top-K search: items cluster
 * around topics (genres, brands) whose sizes follow a Zipf law, item norms are log-normal with a
 * heavy tail (ALS gives popular items long vectors), and a shopper's vector mixes one to three
 * topics, weighted towards popular ones, with a spread of norms of its own. The heavy tail is what
 * makes maximum-inner-product search hard: the answer is dominated by a few long vectors.
 *
 * <p>Deterministic for a seed; one instance draws items and shoppers from the same topics.
 */
public final class AlsLikeFactors {

  /** Standard deviation of log(norm): max/median of 1 M item norms is about e^(4.9 σ). */
  public static final double ITEM_NORM_SIGMA = 0.7;
  private static final double DIRECTION_NOISE = 0.8;
  private static final double TOPIC_ZIPF = 0.8;

  private final int factors;
  private final int topics;
  private final float[] centres;
  private final double[] topicCdf;

  public AlsLikeFactors(int factors, int topics, long seed) {
    this.factors = factors;
    this.topics = topics;
    SplittableRandom random = new SplittableRandom(seed);
    centres = new float[topics * factors];
    for (int t = 0; t < topics; t++) {
      double norm = 0;
      for (int j = 0; j < factors; j++) {
        float v = (float) random.nextGaussian();
        centres[t * factors + j] = v;
        norm += v * v;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < factors; j++) {
        centres[t * factors + j] *= inv;
      }
    }
    topicCdf = new double[topics];
    double sum = 0;
    for (int t = 0; t < topics; t++) {
      sum += Math.pow(t + 1, -TOPIC_ZIPF);
      topicCdf[t] = sum;
    }
    for (int t = 0; t < topics; t++) {
      topicCdf[t] /= sum;
    }
  }

  /** {@code rows} items, row-major. */
  public FactorMatrix items(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[Math.multiplyExact(rows, factors)];
    float[] direction = new float[factors];
    for (int r = 0; r < rows; r++) {
      direction(random, topic(random), 1, direction);
      float norm = (float) (0.3 * Math.exp(random.nextGaussian() * ITEM_NORM_SIGMA));
      for (int j = 0; j < factors; j++) {
        data[r * factors + j] = norm * direction[j];
      }
    }
    return new FactorMatrix(data, rows, factors);
  }

  /** One shopper's vector: one to three topics mixed, plus noise. */
  public float[] shopper(SplittableRandom random) {
    float[] vector = new float[factors];
    float[] direction = new float[factors];
    int mixed = 1 + random.nextInt(3);
    for (int m = 0; m < mixed; m++) {
      direction(random, topic(random), random.nextDouble() + 0.2, direction);
      for (int j = 0; j < factors; j++) {
        vector[j] += direction[j];
      }
    }
    float norm = (float) (2 * Math.exp(random.nextGaussian() * 0.3));
    for (int j = 0; j < factors; j++) {
      vector[j] *= norm / mixed;
    }
    return vector;
  }

  private int topic(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = topics - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (topicCdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A unit vector near topic {@code t}'s centre, times {@code weight}, into {@code out}. */
  private void direction(SplittableRandom random, int t, double weight, float[] out) {
    double norm = 0;
    double noise = DIRECTION_NOISE / Math.sqrt(factors);
    for (int j = 0; j < factors; j++) {
      double v = centres[t * factors + j] + random.nextGaussian() * noise;
      out[j] = (float) v;
      norm += v * v;
    }
    float scale = (float) (weight / Math.sqrt(norm));
    for (int j = 0; j < factors; j++) {
      out[j] *= scale;
    }
  }
}
