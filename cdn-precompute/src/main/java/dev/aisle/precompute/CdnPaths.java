package dev.aisle.precompute;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Object paths under {@code v1/} of the CDN bucket, and how an id becomes a file name there.
 *
 * <p>An id made of {@code A-Z a-z 0-9 _ -} and dots (not leading), at most 128 characters, is its
 * own file name; any other id (spaces, slashes, non-ASCII…) becomes {@code ~} followed by the
 * unpadded base64url of its UTF-8 bytes. {@code ~} never starts a plain name, so the two never
 * collide, and every name is safe in a URL path without escaping. A browser computes the same:
 *
 * <pre>{@code
 * const name = id => /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(id) ? id
 *   : "~" + btoa(String.fromCharCode(...new TextEncoder().encode(id)))
 *       .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
 * }</pre>
 */
public final class CdnPaths {

  /** The layout's version: every object lives under it. */
  public static final String ROOT = "v1/";

  public static final String POPULAR = "popular.json";
  public static final String SEGMENT_INDEX = "segments/index.json";

  /** What the popular lists occupy under the root: {@code popular.json} and {@code popular/}. */
  public static final String POPULAR_FOLDERS = "popular";

  public static final String SEGMENTS_FOLDER = "segments/";
  public static final String SIMILAR_FOLDER = "similar/";

  /**
   * The fingerprints of the similar lists last published, next to the root (not under it: not part
   * of the public layout), so a run uploads only the lists that changed without listing them.
   */
  public static final String SIMILAR_DIGEST = "precompute/similar-digest.tsv.gz";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private CdnPaths() {}

  public static String popularCategory(String category) {
    return "popular/" + fileName(category) + ".json";
  }

  /** A segment's list in the old flat layout (indexes without {@code lists}). */
  public static String segment(String segmentId) {
    return "segments/" + fileName(segmentId) + ".json";
  }

  /**
   * A segment's list under a run's prefix ({@code segments/<run>/}, as the index's {@code lists}
   * names it).
   */
  public static String segmentIn(String lists, String segmentId) {
    return lists + fileName(segmentId) + ".json";
  }

  public static String similar(String itemId) {
    return "similar/" + fileName(itemId) + ".json";
  }

  /** The file name of an id (without extension), as described above. */
  public static String fileName(String id) {
    if (PLAIN.matcher(id).matches()) {
      return id;
    }
    return "~"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }
}
