package dev.aisle.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * {@code manifest.json} of a published model: what it is, how it was trained, how good it is, and
 * the size and SHA-256 of every other file (readers verify them, so a torn or corrupt model is
 * refused, never served).
 *
 * @param formatVersion layout version of the files ({@link ModelFiles#FORMAT_VERSION})
 * @param version the model's id, also its folder name: sortable UTC time plus a short suffix
 * @param parameters training parameters (factors, iterations, regularization, alpha, solver, seed,
 *     event weights, half-life…)
 * @param metrics evaluation results, e.g. {@code {"validation":{"ndcg@10":0.21},"test":{…}}}
 * @param counts sizes: users, items, interactions and what hygiene dropped
 * @param similarPerItem neighbours stored per item in the similar-items files (0 when absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    int formatVersion,
    String version,
    Instant created,
    int factors,
    int users,
    int items,
    int similarPerItem,
    Map<String, Object> parameters,
    Map<String, Object> metrics,
    Map<String, Long> counts,
    Map<String, FileEntry> files) {

  public ModelManifest {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    files = files == null ? Map.of() : Map.copyOf(files);
  }

  /** Size and SHA-256 (lower-case hex) of one file of the model. */
  public record FileEntry(long bytes, String sha256) {}

  public ModelManifest withFiles(Map<String, FileEntry> newFiles) {
    return new ModelManifest(formatVersion, version, created, factors, users, items, similarPerItem,
        parameters, metrics, counts, newFiles);
  }
}
