package dev.aisle.precompute.upload;

import java.util.List;

/**
 * What a publication did.
 *
 * @param documents documents produced
 * @param uploaded objects written because they were new or differed
 * @param unchanged objects skipped because the stored bytes were identical
 * @param deleted stale objects removed (no longer produced)
 * @param bytesUploaded stored bytes written
 * @param changedKeys keys uploaded or deleted, sorted: what caches must forget
 */
public record UploadReport(
    int documents,
    int uploaded,
    int unchanged,
    int deleted,
    long bytesUploaded,
    List<String> changedKeys) {

  public UploadReport {
    changedKeys = List.copyOf(changedKeys);
  }
}
