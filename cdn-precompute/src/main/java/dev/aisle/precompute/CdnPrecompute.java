package dev.aisle.precompute;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.precompute.source.Catalog;
import dev.aisle.precompute.source.Profiles;
import dev.aisle.precompute.source.S3Location;
import dev.aisle.precompute.source.ShopperSample;
import dev.aisle.precompute.source.ShopperVectors;
import dev.aisle.precompute.upload.CdnUploader;
import dev.aisle.precompute.upload.CloudFrontInvalidator;
import dev.aisle.precompute.upload.DirectoryStore;
import dev.aisle.precompute.upload.Document;
import dev.aisle.precompute.upload.Invalidation;
import dev.aisle.precompute.upload.LoggedInvalidator;
import dev.aisle.precompute.upload.ObjectStore;
import dev.aisle.precompute.upload.S3ObjectStore;
import dev.aisle.precompute.upload.SegmentRuns;
import dev.aisle.precompute.upload.SimilarUploader;
import dev.aisle.precompute.upload.UploadReport;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.segment.AttributeCodes;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import dev.aisle.segment.Segmentation;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CDN precompute: after a model is published, everything an anonymous visitor's page needs, as
 * static JSON under {@code v1/} of the CDN bucket (layout in {@link CdnPaths}):
 *
 * <ul>
 *   <li>{@code popular.json} and {@code popular/<category>.json}: the model's time-decayed popular
 *       lists;
 *   <li>{@code segments/index.json} ({@link dev.aisle.segment.SegmentIndex}): how a browser picks
 *       its segment from its own context, and {@code segments/<run>/<id>.json}: each segment's
 *       top-K, under a prefix of this run's that the index names ({@link SegmentRuns}: written
 *       before the index, deleted a grace period after another index replaced it);
 *   <li>{@code similar/<itemId>.json}: each item's neighbours.
 * </ul>
 *
 * Only available catalog items are listed. Objects whose bytes did not change are not uploaded
 * again; indexes are uploaded after the lists they point to; objects no longer produced are
 * removed; the changed paths are invalidated on CloudFront (or logged locally).
 *
 * <p>The trainer's pipeline calls {@link #run} right after publishing a model, with the model
 * already in memory ({@link dev.aisle.precompute.source.ModelInput.Loaded}); the CLI {@code
 * aisle-precompute} calls it on a stored model.
 */
public final class CdnPrecompute implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CdnPrecompute.class);

  private final Lazy<S3Client> s3;
  private final Lazy<DynamoDbClient> dynamo;
  private final Clock clock;

  /**
   * @param settings where the S3 and DynamoDB inputs and outputs live (clients are made on first
   *     use)
   */
  public CdnPrecompute(AisleSettings settings) {
    this(settings, Clock.systemUTC(), () -> AwsClients.s3(settings));
  }

  /** With the clock that times the segment lists' grace period and the S3 client to use (tests). */
  CdnPrecompute(AisleSettings settings, Clock clock, Supplier<S3Client> s3) {
    this.s3 = new Lazy<>(s3);
    this.dynamo = new Lazy<>(() -> AwsClients.dynamoDb(settings));
    this.clock = clock;
  }

  public PrecomputeSummary run(PrecomputeRequest request) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    Timer timer = new Timer();

    Model model = request.model().load(s3);
    seconds.put("load_model", timer.lap());
    LOG.info(
        "step=model source=\"{}\" version={} items={} factors={}",
        request.model().describe(),
        model.version(),
        model.items().size(),
        model.factors());

    Catalog catalog = Catalog.load(request.catalog(), dynamo);
    ShopperSample sample = new ShopperSample(request.segmentSample(), model.factors());
    request.shoppers().forEach(model, dynamo, sample);
    ShopperVectors.Loaded shoppers = sample.result();
    IdIndex shopperIds = shoppers.ids();
    AttributeCodes.Builder profiles = AttributeCodes.builder(request.attributes(), shopperIds);
    Profiles.forEach(request.profiles(), dynamo, profiles::add);
    AttributeCodes attrs = profiles.build(request.minSupport());
    seconds.put("load_inputs", timer.lap());
    LOG.info(
        "step=inputs catalog=\"{}\" catalog_items={} shoppers=\"{}\" shopper_vectors={} sampled={} "
            + "profiles=\"{}\" profiled={} unknown_profiles={}",
        request.catalog().describe(),
        catalog.size(),
        request.shoppers().describe(),
        sample.seen(),
        shopperIds.size(),
        request.profiles().describe(),
        profiles.accepted(),
        profiles.unknown());

    Segmentation.Result segments = segment(model, shoppers.vectors(), attrs, request);
    seconds.put("segment", timer.lap());

    Listing listing = new Listing(model, catalog);
    List<Document> lists = new ArrayList<>();
    List<Document> indexes = new ArrayList<>();
    List<Documents.CategoryLink> categories = popularLists(model, listing, request.k(), lists);
    indexes.add(
        new Document(
            CdnPaths.POPULAR,
            () ->
                new Documents.Popular(
                    model.version(),
                    listing.ranked(model.popular().overall(), request.k()),
                    categories)));
    String run = null;
    // what this run lists (and prunes): popular, and its own lists and the index; without segments,
    // everything under segments/ goes, as before
    List<String> folders = List.of(CdnPaths.POPULAR_FOLDERS, CdnPaths.SEGMENTS_FOLDER);
    if (segments != null) {
      List<SegmentList> built = segmentLists(model, listing, segments, request.k());
      run = SegmentRuns.runId(model.version(), built);
      String prefix = SegmentRuns.listsPrefix(run);
      for (SegmentList list : built) {
        lists.add(new Document(CdnPaths.segmentIn(prefix, list.segment()), () -> list));
      }
      SegmentIndex index = segments.index().withLists(prefix);
      indexes.add(new Document(CdnPaths.SEGMENT_INDEX, () -> index));
      folders = List.of(CdnPaths.POPULAR_FOLDERS, prefix, CdnPaths.SEGMENT_INDEX);
    }
    int similarLists = similarCount(model, request.similarK());
    seconds.put("rank", timer.lap());
    LOG.info(
        "step=lists segments={} categories={} similar_lists={} hidden_items={}",
        segments == null ? 0 : segments.segments(),
        categories.size(),
        similarLists,
        listing.hiddenCount());

    Output output = output(request);
    SegmentRuns runs =
        new SegmentRuns(output.store, output.root, output.stateRoot, request.listsGrace(), clock);
    Optional<String> replaced = run == null ? Optional.empty() : runs.namedRun();
    UploadReport listed =
        new CdnUploader(output.store, request.threads(), request.prune())
            .upload(output.root, folders, List.of(lists, indexes));
    if (run != null) {
      runs.afterSwitch(run, replaced);
    }
    UploadReport similar =
        new SimilarUploader(output.store, request.threads(), request.prune())
            .upload(
                output.root,
                CdnPaths.SIMILAR_FOLDER,
                output.stateRoot + CdnPaths.SIMILAR_DIGEST,
                similarObjects(model, listing, request.similarK(), similarLists));
    UploadReport report = merged(listed, similar);
    seconds.put("upload", timer.lap());

    String invalidation = "none";
    if (!report.changedKeys().isEmpty() && output.cached) {
      List<String> paths =
          Invalidation.paths(report.changedKeys(), output.root, request.maxInvalidationPaths());
      invalidation =
          invalidate(request, paths, "aisle-" + model.version() + "-" + System.currentTimeMillis());
      seconds.put("invalidate", timer.lap());
    }

    PrecomputeSummary summary =
        new PrecomputeSummary(
            model.version(),
            shopperIds.size(),
            profiles.accepted(),
            segments == null ? 0 : segments.segments(),
            segments == null ? 0 : segments.iterations(),
            model.items().size(),
            listing.hiddenCount(),
            categories.size(),
            similarLists,
            report,
            invalidation,
            seconds);
    LOG.info(summary.line());
    return summary;
  }

  /** The shoppers' segments, or null (logged) when the model has no shoppers. */
  private static Segmentation.Result segment(
      Model model, FactorMatrix shoppers, AttributeCodes attrs, PrecomputeRequest request) {
    Segmentation.Config config =
        Segmentation.Config.defaults(request.segments())
            .with(request.attributeShare(), request.seed(), request.minSupport());
    Segmentation.Result segments =
        Segmentation.compute(
            shoppers,
            attrs,
            config,
            model.version(),
            (iteration, changed, points) ->
                LOG.info(
                    "step=kmeans iteration={} changed={} shoppers={}", iteration, changed, points));
    if (segments == null) {
      LOG.warn("step=segment skipped=true reason=no_shopper_vectors");
    }
    return segments;
  }

  private static List<Documents.CategoryLink> popularLists(
      Model model, Listing listing, int k, List<Document> out) {
    List<Documents.CategoryLink> links = new ArrayList<>();
    new TreeMap<>(model.popular().byCategory())
        .forEach(
            (category, ranked) -> {
              List<ListedItem> items = listing.ranked(ranked, k);
              if (items.isEmpty()) {
                return;
              }
              String path = CdnPaths.popularCategory(category);
              links.add(new Documents.CategoryLink(category, path, items.size()));
              out.add(
                  new Document(
                      path,
                      () -> new Documents.PopularInCategory(model.version(), category, items)));
            });
    return links;
  }

  /** Each segment's top-K: its mean model vector scored against every listable item. */
  private static List<SegmentList> segmentLists(
      Model model, Listing listing, Segmentation.Result segments, int k) {
    TopKScorer scorer = new TopKScorer(model.itemFactors());
    Candidates candidates = Candidates.excluding(listing.hidden());
    List<List<ListedItem>> items =
        IntStream.range(0, segments.segments())
            .parallel()
            .mapToObj(s -> listing.rows(scorer.top(segments.centroids().row(s), k, candidates)))
            .toList();
    List<SegmentList> out = new ArrayList<>();
    for (int s = 0; s < segments.segments(); s++) {
      var segment = segments.index().segments().get(s);
      out.add(
          new SegmentList(
              segment.id(), model.version(), segment.shoppers(), segment.profile(), items.get(s)));
    }
    return out;
  }

  /** Items that get a similar list: every item of the model, or none. */
  private static int similarCount(Model model, int k) {
    if (model.similar().isEmpty() || k == 0) {
      LOG.warn(
          "step=similar skipped=true reason={}",
          k == 0 ? "similar_k_is_0" : "model_has_no_similar_items");
      return 0;
    }
    return model.items().size();
  }

  /**
   * One similar list per item row; its fingerprint leaves out the model version and the scores, so
   * a list is rewritten only when the item or its neighbours (in order) changed.
   */
  private static SimilarUploader.Objects similarObjects(
      Model model, Listing listing, int k, int count) {
    return new SimilarUploader.Objects(
        count,
        row -> CdnPaths.similar(model.items().idAt(row)),
        row -> listing.similarFingerprint(row, k),
        row -> listing.similarDocument(row, k));
  }

  private static UploadReport merged(UploadReport a, UploadReport b) {
    List<String> changed = new ArrayList<>(a.changedKeys());
    changed.addAll(b.changedKeys());
    changed.sort(null);
    return new UploadReport(
        a.documents() + b.documents(),
        a.uploaded() + b.uploaded(),
        a.unchanged() + b.unchanged(),
        a.deleted() + b.deleted(),
        a.bytesUploaded() + b.bytesUploaded(),
        changed);
  }

  /**
   * @param root where the CDN layout goes ({@code .../v1/})
   * @param stateRoot where the precompute keeps its own bookkeeping (next to {@code v1/}, outside
   *     it)
   * @param cached whether a CDN caches it (S3: yes, a local folder: no invalidation needed)
   */
  private record Output(ObjectStore store, String root, String stateRoot, boolean cached) {}

  private Output output(PrecomputeRequest request) {
    if (S3Location.isS3(request.output())) {
      S3Location location = S3Location.parse(request.output());
      return new Output(
          new S3ObjectStore(s3.get(), location.bucket(), request.cache()),
          location.prefix() + CdnPaths.ROOT,
          location.prefix(),
          true);
    }
    return new Output(new DirectoryStore(Path.of(request.output())), CdnPaths.ROOT, "", false);
  }

  private static String invalidate(
      PrecomputeRequest request, List<String> paths, String reference) {
    if (request.distributionId().isEmpty()) {
      return new LoggedInvalidator().invalidate(paths, reference);
    }
    // CloudFront is a global service: its API is reached through the global region whatever the
    // stack's.
    try (CloudFrontClient cloudFront =
        CloudFrontClient.builder()
            .region(Region.AWS_GLOBAL)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      return new CloudFrontInvalidator(cloudFront, request.distributionId().get())
          .invalidate(paths, reference);
    }
  }

  @Override
  public void close() {
    s3.close();
    dynamo.close();
  }

  /** A client made on first use, so a run from files never builds AWS clients it does not need. */
  private static final class Lazy<T extends AutoCloseable> implements Supplier<T>, AutoCloseable {
    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
      this.factory = factory;
    }

    @Override
    public synchronized T get() {
      if (value == null) {
        value = factory.get();
      }
      return value;
    }

    @Override
    public synchronized void close() {
      if (value != null) {
        try {
          value.close();
        } catch (Exception e) {
          LOG.warn("event=client_close_failed error={}", e.toString());
        }
      }
    }
  }

  private static final class Timer {
    private long last = System.nanoTime();

    double lap() {
      long now = System.nanoTime();
      double s = (now - last) / 1e9;
      last = now;
      return s;
    }
  }
}
