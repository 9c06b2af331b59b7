package dev.aisle.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * {@code manifest.json} of a published model: what it is, how it was trained, how good it is, and
 * the size and SHA-256 of every other file (readers verify them, so a torn or corrupt model is
 * refused, never served).
 *
 * @param formatVersion layout version of the files ({@link ModelFiles#FORMAT_VERSION}; 1 for models
 *     that still carried shopper factors, whose item side is read and the rest ignored)
 * @param version the model's id, also its folder name: sortable UTC time plus a short suffix
 * @param users shoppers the model was trained on (a count: no shopper data is shipped)
 * @param parameters training parameters (factors, iterations, regularization, alpha, solver, seed,
 *     event weights, half-life…)
 * @param metrics evaluation results, e.g. {@code {"validation":{"ndcg@10":0.21},"test":{…}}}
 * @param counts sizes: users, items, interactions and what hygiene dropped
 * @param similarPerItem neighbours stored per item in the similar-items files (0 when absent)
 * @param engine what trained it: {@link #SINGLE_NODE} or {@link #SPARK} (null in format 1)
 * @param cut the events the model saw were accepted at or before this instant (null in format 1,
 *     read as {@code created})
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
    Map<String, FileEntry> files,
    String engine,
    Instant cut) {

  public static final String SINGLE_NODE = "single-node";
  public static final String SPARK = "spark";

  public ModelManifest {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    files = files == null ? Map.of() : Map.copyOf(files);
  }

  /** A single-node manifest whose cut is its creation time. */
  public ModelManifest(
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
    this(
        formatVersion,
        version,
        created,
        factors,
        users,
        items,
        similarPerItem,
        parameters,
        metrics,
        counts,
        files,
        SINGLE_NODE,
        created);
  }

  /**
   * Size and SHA-256 (lower-case hex) of one file of the model; large files also list the SHA-256
   * of each {@code partBytes}-long part, so a reader can fetch and verify the parts in parallel.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileEntry(long bytes, String sha256, Long partBytes, java.util.List<String> parts) {

    public FileEntry(long bytes, String sha256) {
      this(bytes, sha256, null, null);
    }

    public boolean hasParts() {
      return partBytes != null && parts != null && !parts.isEmpty();
    }
  }

  public ModelManifest withFiles(Map<String, FileEntry> newFiles) {
    return new ModelManifest(
        formatVersion,
        version,
        created,
        factors,
        users,
        items,
        similarPerItem,
        parameters,
        metrics,
        counts,
        newFiles,
        engine,
        cut);
  }

  /**
   * The instant up to which the model saw events: {@code cut}, or {@code created} for models that
   * do not record one (format 1), or null when neither is known.
   */
  @JsonIgnore
  public Instant seenUntil() {
    return cut != null ? cut : created;
  }
}
