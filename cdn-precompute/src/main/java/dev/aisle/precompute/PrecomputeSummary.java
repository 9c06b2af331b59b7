package dev.aisle.precompute;

import dev.aisle.precompute.upload.UploadReport;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run did, for the CLI's last line and the trainer's log.
 *
 * @param shoppers trained shoppers segmented
 * @param profiled shoppers with a profile the model knows
 * @param hiddenItems model items left out of every list (unavailable or not in the catalog)
 * @param invalidation what was done about CDN caches ("none" when nothing changed)
 * @param seconds wall time of each step, in order
 */
public record PrecomputeSummary(
    String modelVersion,
    int shoppers,
    long profiled,
    int segments,
    int iterations,
    int items,
    int hiddenItems,
    int categories,
    int similarLists,
    UploadReport upload,
    String invalidation,
    Map<String, Double> seconds) {

  public double totalSeconds() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** One key=value line. */
  public String line() {
    return "summary model="
        + modelVersion
        + " shoppers="
        + shoppers
        + " profiled="
        + profiled
        + " segments="
        + segments
        + " kmeans_iterations="
        + iterations
        + " items="
        + items
        + " hidden_items="
        + hiddenItems
        + " categories="
        + categories
        + " similar_lists="
        + similarLists
        + " documents="
        + upload.documents()
        + " uploaded="
        + upload.uploaded()
        + " unchanged="
        + upload.unchanged()
        + " deleted="
        + upload.deleted()
        + " bytes_uploaded="
        + upload.bytesUploaded()
        + " invalidation=\""
        + invalidation
        + "\" "
        + seconds.entrySet().stream()
            .map(e -> e.getKey() + "_seconds=" + String.format(Locale.ROOT, "%.2f", e.getValue()))
            .collect(Collectors.joining(" "))
        + String.format(Locale.ROOT, " total_seconds=%.2f", totalSeconds());
  }
}
