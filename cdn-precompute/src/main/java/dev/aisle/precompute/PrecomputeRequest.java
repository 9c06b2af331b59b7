package dev.aisle.precompute;

import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.precompute.source.ShopperVectors;
import dev.aisle.precompute.upload.CacheControl;
import dev.aisle.segment.SegmentRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One precompute run: what to read, what to compute, where to publish.
 *
 * @param model the model (in memory, a folder, or an S3 prefix with CURRENT)
 * @param catalog titles, categories, prices and availability; {@code none} publishes ids and scores
 * @param profiles shoppers' attributes for segmentation; {@code none} segments on model vectors
 *     only
 * @param shoppers the shoppers' vectors segments are made of ({@code none}: no segments)
 * @param output a folder, or {@code s3://bucket[/prefix]}; objects go under {@code <output>/v1/}
 * @param segmentSample at most this many shoppers are segmented: a uniform sample by id hash
 *     ({@link dev.aisle.precompute.source.ShopperSample}), so memory stays bounded at any shopper
 *     count
 * @param segments number of shopper segments (k of k-means)
 * @param k items per segment and popular list
 * @param similarK items per similar-items list (at most what the model stores per item)
 * @param attributes profile attributes used for segments and published in the index (never
 *     identifying ones: the index is public)
 * @param attributeShare share of the clustering variance carried by the attributes, in [0, 1)
 * @param minSupport shoppers an attribute value or combination needs to appear in the public index
 * @param seed seeds k-means: the same inputs give the same output, so a rerun uploads nothing
 * @param cache Cache-Control of the objects
 * @param prune delete objects under {@code v1/} that this run did not produce
 * @param distributionId the CloudFront distribution to invalidate; empty = log the paths
 * @param maxInvalidationPaths above this many changed objects, invalidate folders by wildcard
 * @param threads parallel uploads
 * @param listsGrace how long a run's segment lists outlive the index that named them; longer than
 *     the cache lifetime (max-age + stale-while-revalidate), so a client's cached index always
 *     finds its lists
 */
public record PrecomputeRequest(
    ModelInput model,
    RecordSource catalog,
    RecordSource profiles,
    ShopperVectors shoppers,
    String output,
    int segmentSample,
    int segments,
    int k,
    int similarK,
    List<String> attributes,
    double attributeShare,
    int minSupport,
    long seed,
    CacheControl cache,
    boolean prune,
    Optional<String> distributionId,
    int maxInvalidationPaths,
    int threads,
    java.time.Duration listsGrace) {

  public static final List<String> DEFAULT_ATTRIBUTES = List.of("country", "device", "channel");

  public PrecomputeRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(shoppers, "shoppers");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(cache, "cache");
    attributes = List.copyOf(attributes);
    distributionId = distributionId == null ? Optional.empty() : distributionId;
    require(segmentSample >= 1, "segment-sample must be at least 1");
    require(segments >= 1 && segments <= 10_000, "segments must be between 1 and 10000");
    require(k >= 1 && k <= 1000, "k must be between 1 and 1000");
    require(similarK >= 0 && similarK <= 1000, "similar-k must be between 0 and 1000");
    require(
        attributes.size() <= SegmentRules.MAX_ATTRIBUTES,
        "at most " + SegmentRules.MAX_ATTRIBUTES + " attributes");
    require(attributes.stream().distinct().count() == attributes.size(), "attributes repeat");
    require(attributeShare >= 0 && attributeShare < 1, "attribute-share must be in [0, 1)");
    require(minSupport >= 1, "min-support must be at least 1");
    require(maxInvalidationPaths >= 1, "max-invalidation-paths must be at least 1");
    require(threads >= 1 && threads <= 256, "threads must be between 1 and 256");
    Objects.requireNonNull(listsGrace, "listsGrace");
    require(
        listsGrace.toSeconds() > (long) cache.maxAgeSeconds() + cache.staleWhileRevalidateSeconds(),
        "lists-grace must be longer than max-age + stale-while-revalidate ("
            + cache.maxAgeSeconds()
            + " + "
            + cache.staleWhileRevalidateSeconds()
            + " s)");
  }

  public static Builder builder(ModelInput model, String output) {
    return new Builder(model, output);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Shoppers segmented at most: 1 M vectors of 64 factors are 256 MB. */
  public static final int DEFAULT_SEGMENT_SAMPLE = 1_000_000;

  /**
   * Defaults: a sample of at most {@value #DEFAULT_SEGMENT_SAMPLE} shoppers, 50 segments, k = 20,
   * 20 similar items, country/device/channel, 5-minute max-age.
   */
  public static final class Builder {
    private final ModelInput model;
    private final String output;
    private RecordSource catalog = new RecordSource.None();
    private RecordSource profiles = new RecordSource.None();
    private ShopperVectors shoppers = new ShopperVectors.None();
    private int segmentSample = DEFAULT_SEGMENT_SAMPLE;
    private int segments = 50;
    private int k = 20;
    private int similarK = 20;
    private List<String> attributes = DEFAULT_ATTRIBUTES;
    private double attributeShare = 0.5;
    private int minSupport = 20;
    private long seed = 42;
    private CacheControl cache = CacheControl.DEFAULT;
    private boolean prune = true;
    private java.time.Duration listsGrace = dev.aisle.precompute.upload.SegmentRuns.DEFAULT_GRACE;
    private Optional<String> distributionId = Optional.empty();
    private int maxInvalidationPaths = 100;
    private int threads = 16;

    private Builder(ModelInput model, String output) {
      this.model = model;
      this.output = output;
    }

    public Builder catalog(RecordSource value) {
      catalog = value;
      return this;
    }

    public Builder profiles(RecordSource value) {
      profiles = value;
      return this;
    }

    public Builder shoppers(ShopperVectors value) {
      shoppers = value;
      return this;
    }

    public Builder segmentSample(int value) {
      segmentSample = value;
      return this;
    }

    public Builder segments(int value) {
      segments = value;
      return this;
    }

    public Builder k(int value) {
      k = value;
      return this;
    }

    public Builder similarK(int value) {
      similarK = value;
      return this;
    }

    public Builder attributes(List<String> value) {
      attributes = value;
      return this;
    }

    public Builder attributeShare(double value) {
      attributeShare = value;
      return this;
    }

    public Builder minSupport(int value) {
      minSupport = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder cache(CacheControl value) {
      cache = value;
      return this;
    }

    public Builder prune(boolean value) {
      prune = value;
      return this;
    }

    public Builder distributionId(Optional<String> value) {
      distributionId = value;
      return this;
    }

    public Builder maxInvalidationPaths(int value) {
      maxInvalidationPaths = value;
      return this;
    }

    public Builder listsGrace(java.time.Duration value) {
      listsGrace = value;
      return this;
    }

    public Builder threads(int value) {
      threads = value;
      return this;
    }

    public PrecomputeRequest build() {
      return new PrecomputeRequest(
          model,
          catalog,
          profiles,
          shoppers,
          output,
          segmentSample,
          segments,
          k,
          similarK,
          attributes,
          attributeShare,
          minSupport,
          seed,
          cache,
          prune,
          distributionId,
          maxInvalidationPaths,
          threads,
          listsGrace);
    }
  }
}
