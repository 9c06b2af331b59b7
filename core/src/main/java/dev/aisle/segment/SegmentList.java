package dev.aisle.segment;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code v1/segments/<id>.json}: the recommendations for one shopper segment, best first, computed
 * from the segment's centroid (the mean taste vector of its shoppers) against the item factors,
 * with unavailable items left out.
 *
 * @param segment the segment id, as {@link SegmentIndex#assign} returns it
 * @param shoppers trained shoppers in the segment
 * @param profile the most common value of each attribute among them
 */
public record SegmentList(
    String segment,
    String modelVersion,
    long shoppers,
    Map<String, String> profile,
    List<ListedItem> items) {

  public SegmentList {
    Objects.requireNonNull(segment, "segment");
    profile =
        profile == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(profile));
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** Reads a segment list as stored in the CDN bucket: gzip-encoded or plain JSON. */
  public static SegmentList parse(byte[] bytes) {
    return CdnJson.parse(bytes, SegmentList.class);
  }
}
