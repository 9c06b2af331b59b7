package dev.aisle.api.serving;

import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import dev.aisle.serving.SegmentLists;
import dev.aisle.storage.AisleSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The shopper segments the CDN precompute publishes: {@code v1/segments/index.json} (re-read every
 * {@code aisle.serving.segments-refresh}) and the lists under the prefix its {@code lists} names,
 * {@code v1/segments/<run>/<id>.json} ({@code v1/segments/<id>.json} for an index without it; read
 * on first use, kept until the index changes). Each run's lists have a prefix of their own, so the
 * lists read for an index are always that index's, never another run's re-ranked segment. Serving
 * assigns shoppers it has no vector for with the same rule the browser uses ({@link
 * SegmentIndex#assign}). Absent files mean "no segments": callers fall back to popular items.
 */
@ApplicationScoped
public class Segments implements SegmentLists {

  static final String INDEX_KEY = "v1/segments/index.json";

  private static final Logger LOG = Logger.getLogger(Segments.class);

  private final S3Client s3;
  private final String bucket;
  private final Refreshing<Optional<Published>> published;

  /** One version of the index with the lists read from it so far. */
  private record Published(SegmentIndex index, Map<String, Optional<SegmentList>> lists) {}

  Segments(AisleSettings settings, S3Client s3, ServingConfig config) {
    this.s3 = s3;
    this.bucket = settings.cdnBucket();
    this.published =
        new Refreshing<>(
            "segments", this::readIndex, config.segmentsRefresh(), Optional.empty(), true);
  }

  /** The list of the segment {@code context} falls in, or empty when none is published. */
  @Override
  public Optional<SegmentList> listFor(Map<String, String> context) {
    Optional<Published> current = published.get();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    SegmentIndex index = current.get().index();
    String segment = index.assign(context);
    return current.get().lists().computeIfAbsent(segment, id -> readList(index, id));
  }

  private Optional<Published> readIndex() {
    return read(INDEX_KEY)
        .map(bytes -> new Published(SegmentIndex.parse(bytes), new ConcurrentHashMap<>()));
  }

  private Optional<SegmentList> readList(SegmentIndex index, String segment) {
    try {
      return read(listKey(index, segment)).map(SegmentList::parse);
    } catch (RuntimeException e) {
      LOG.warnf("event=segment_list_unreadable segment=%s error=%s", segment, e);
      return Optional.empty();
    }
  }

  /**
   * The key of a segment's list: under the index's {@code lists} prefix (or the old flat folder).
   */
  static String listKey(SegmentIndex index, String segment) {
    return "v1/" + index.listsPrefix() + segment + ".json";
  }

  private Optional<byte[]> read(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @PreDestroy
  void close() {
    published.close();
  }
}
