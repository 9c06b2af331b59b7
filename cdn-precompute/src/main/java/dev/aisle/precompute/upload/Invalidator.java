package dev.aisle.precompute.upload;

import java.util.List;

/** Tells the CDN to forget changed objects. */
public interface Invalidator {

  /**
   * @param paths URL paths, {@code /v1/popular.json} or wildcards {@code /v1/similar/*}
   * @param reference unique per publication (CloudFront's caller reference: a retry with the same
   *     reference does not create a second invalidation)
   * @return a short description for the summary (the invalidation id, or "printed")
   */
  String invalidate(List<String> paths, String reference);
}
