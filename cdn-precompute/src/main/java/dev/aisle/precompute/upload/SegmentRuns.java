package dev.aisle.precompute.upload;

import dev.aisle.json.Json;
import dev.aisle.model.ModelFiles;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.segment.SegmentList;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment lists published per run: each run writes its lists under a prefix of its own, {@code
 * segments/<model version>-<short hash>/} (the hash of the lists' JSON, so an unchanged rerun
 * reuses its prefix and uploads nothing), and then switches {@code segments/index.json}, whose
 * {@code lists} names that prefix. Segment ids are re-ranked every run, so a browser that cached an
 * older index (max-age plus stale-while-revalidate) must keep finding the lists that index was
 * written with: a prefix is deleted only a grace period (longer than the cache lifetime) after it
 * stopped being named.
 *
 * <p>When it stopped is kept per prefix as a small marker object beside the layout ({@code
 * precompute/segment-runs/<run>}, the time as text): written by the run that replaced the index
 * naming it, or, for a prefix nobody retired (a run that died before its index, or between its
 * index and its marker), by the first run that finds it unnamed. One object per prefix, so
 * overlapping runs never lose each other's markers in a read-modify-write; a run never deletes its
 * own prefix nor the one the index names now, and a fresh prefix of a run still in flight gets a
 * marker of now at the earliest, so it outlives that run by the grace period.
 */
public final class SegmentRuns {

  /** Longer than the default cache lifetime (max-age 300 s + stale-while-revalidate 3600 s). */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(2);

  static final String MARKERS = "precompute/segment-runs/";
  private static final String FOLDER = "segments/";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentRuns.class);

  private final ObjectStore store;
  private final String root;
  private final String stateRoot;
  private final Duration grace;
  private final Clock clock;

  /**
   * @param root the layout's root ({@code …/v1/})
   * @param stateRoot where the precompute keeps its bookkeeping (beside {@code v1/})
   */
  public SegmentRuns(
      ObjectStore store, String root, String stateRoot, Duration grace, Clock clock) {
    this.store = store;
    this.root = root;
    this.stateRoot = stateRoot;
    this.grace = grace;
    this.clock = clock;
  }

  /**
   * What a sweep did: prefixes retired now (marked), deleted (grace over), kept (named, own, or in
   * grace).
   */
  public record Sweep(int marked, int deleted, int kept) {}

  /**
   * The run id of a set of lists: the model version and 8 hex digits of the SHA-256 of their JSON,
   * in order.
   */
  public static String runId(String modelVersion, List<SegmentList> lists) {
    StringBuilder all = new StringBuilder();
    for (SegmentList list : lists) {
      try {
        all.append(Json.mapper().writeValueAsString(list)).append('\n');
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException("cannot render segment " + list.segment(), e);
      }
    }
    return modelVersion
        + "-"
        + ModelFiles.sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
  }

  /** Where a run's lists go, relative to the root: {@code segments/<run>/}. */
  public static String listsPrefix(String run) {
    return FOLDER + run + "/";
  }

  /**
   * The run whose lists the published index names now, if it names one (an old index names none).
   */
  public Optional<String> namedRun() {
    return store
        .readState(root + "segments/index.json")
        .flatMap(
            bytes -> {
              try {
                return runOf(SegmentIndex.parse(bytes).lists());
              } catch (RuntimeException unreadable) {
                LOG.warn("step=segment_runs index_unreadable=true error={}", unreadable.toString());
                return Optional.empty();
              }
            });
  }

  static Optional<String> runOf(String lists) {
    if (lists == null
        || !lists.startsWith(FOLDER)
        || !lists.endsWith("/")
        || lists.length() <= FOLDER.length() + 1) {
      return Optional.empty();
    }
    return Optional.of(lists.substring(FOLDER.length(), lists.length() - 1));
  }

  /**
   * After this run's index is stored: marks {@code replaced} (what the index named before this run
   * switched it) as retired now, then deletes the prefixes retired longer than the grace period ago
   * and marks the unnamed ones nobody retired.
   */
  public Sweep afterSwitch(String own, Optional<String> replaced) {
    Instant now = clock.instant();
    int marked = 0;
    if (replaced.isPresent() && !replaced.get().equals(own)) {
      mark(replaced.get(), now);
      marked++;
    }
    Optional<String> named = namedRun();
    Map<String, Instant> markers = markers();
    Set<String> runs = runs();
    Set<String> all = new TreeSet<>(runs);
    all.addAll(markers.keySet());
    int deleted = 0;
    int kept = 0;
    for (String run : all) {
      boolean live = run.equals(own) || named.filter(run::equals).isPresent();
      if (live || !runs.contains(run)) {
        if (markers.containsKey(run)) {
          store.delete(List.of(marker(run)));
        }
        kept += live ? 1 : 0;
        continue;
      }
      Instant retired = markers.get(run);
      if (retired == null) {
        mark(run, now);
        marked++;
        kept++;
      } else if (!retired.plus(grace).isAfter(now)) {
        store.delete(store.list(root + listsPrefix(run)).keySet());
        store.delete(List.of(marker(run)));
        deleted++;
      } else {
        kept++;
      }
    }
    LOG.info(
        "step=segment_runs own={} named={} marked={} deleted={} kept={} grace_seconds={}",
        own,
        named.orElse("none"),
        marked,
        deleted,
        kept,
        grace.toSeconds());
    return new Sweep(marked, deleted, kept);
  }

  /** The run prefixes under {@code segments/} (lists of the old flat layout are not a run). */
  private Set<String> runs() {
    Set<String> runs = new TreeSet<>();
    String folder = root + FOLDER;
    for (String key : store.list(folder).keySet()) {
      String rest = key.substring(folder.length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        runs.add(rest.substring(0, slash));
      }
    }
    return runs;
  }

  private Map<String, Instant> markers() {
    Map<String, Instant> markers = new HashMap<>();
    String folder = stateRoot + MARKERS;
    for (String key : store.list(folder).keySet()) {
      String run = key.substring(folder.length());
      store
          .readState(key)
          .ifPresent(
              bytes -> {
                try {
                  markers.put(
                      run, Instant.parse(new String(bytes, StandardCharsets.UTF_8).strip()));
                } catch (DateTimeParseException e) {
                  markers.put(run, clock.instant()); // unreadable: count the grace period from now
                }
              });
    }
    return markers;
  }

  private void mark(String run, Instant at) {
    store.writeState(marker(run), at.toString().getBytes(StandardCharsets.UTF_8));
  }

  private String marker(String run) {
    return stateRoot + MARKERS + run;
  }
}
