package dev.aisle.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code snapshots/<version>/manifest.json}: what one version of the training snapshot holds, how
 * it was aggregated, and where and how large each of its files is (readers verify size and
 * SHA-256). Written after every file it lists; {@code snapshots/CURRENT} names the version in use.
 *
 * @param previousVersion the version this one was folded from or edited from (null for a full
 *     build)
 * @param cut the snapshot covers exactly the events up to this instant; weights are decayed to it
 * @param cutKind {@link #ACCEPTED}: events accepted by the api at or before the cut (events table);
 *     {@link #EVENT_TIME}: events stamped at or before it (files, which carry no accept time)
 * @param source where the events came from, e.g. {@code events-table:aisle-events} or a file
 * @param parts P: shopper s lives in part {@code StableHash.bucket(s, P)}
 * @param counts {@code shoppers}, {@code pairs}, {@code events}, {@code items}
 * @param eventsPerShopper how many shoppers have each count of kept events: the input of the
 *     outlier rule, so a reader knows the fence before its first pass over the parts
 * @param run what made this version: {@code full}, {@code incremental} or {@code erase}
 * @param files logical name ({@code items.txt}, {@code part-00000.bin}…) to location and checksum
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotManifest(
    int formatVersion,
    String version,
    String previousVersion,
    Instant created,
    Instant cut,
    String cutKind,
    String source,
    Aggregation aggregation,
    int parts,
    String partitioning,
    Map<String, Long> counts,
    Map<Integer, Long> eventsPerShopper,
    Run run,
    Map<String, FileEntry> files) {

  public static final int FORMAT_VERSION = 1;
  public static final String ACCEPTED = "accepted";
  public static final String EVENT_TIME = "event-time";
  public static final String PARTITIONING =
      "murmur3_32 (x86, seed 0) of the UTF-8 shopper id, floorMod parts";
  public static final String ITEMS = "items.txt";

  public SnapshotManifest {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    eventsPerShopper =
        eventsPerShopper == null ? Map.of() : new java.util.TreeMap<>(eventsPerShopper);
    files = files == null ? Map.of() : new LinkedHashMap<>(files);
  }

  /** The settings every fold into this snapshot must share (else: rebuild with --full). */
  public record Aggregation(String weights, String halfLife, String popularHalfLife) {}

  /**
   * @param previousCut the cut this run folded on top of (null for a full build)
   * @param rowsRead input rows the run read; {@code eventsFolded} of them passed hygiene
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Run(String mode, Instant previousCut, long rowsRead, long eventsFolded) {}

  /**
   * @param path key of the file below the snapshots root, e.g. {@code <version>/part-00003.bin} (an
   *     edited version reuses the unchanged parts of the one it came from)
   * @param shoppers, pairs, events what a part holds (null for the items file)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileEntry(
      String path, long bytes, String sha256, Long shoppers, Long pairs, Long events) {}

  /** The logical name of part {@code p}: {@code part-00003.bin}. */
  public static String partName(int part) {
    return String.format(java.util.Locale.ROOT, "part-%05d.bin", part);
  }

  public FileEntry part(int part) {
    FileEntry entry = files.get(partName(part));
    if (entry == null) {
      throw new CorruptSnapshotException("snapshot " + version + " lists no " + partName(part));
    }
    return entry;
  }

  public FileEntry items() {
    FileEntry entry = files.get(ITEMS);
    if (entry == null) {
      throw new CorruptSnapshotException("snapshot " + version + " lists no " + ITEMS);
    }
    return entry;
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }
}
