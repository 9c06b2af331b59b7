package dev.aisle.snapshot;

import dev.aisle.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle of the training snapshot in its {@link SnapshotStorage}:
 *
 * <ol>
 *   <li>{@link #current()}: the version CURRENT names, with the pointer state it was read at;
 *   <li>{@link #commit}: a new version's files (staged locally) are uploaded, then its manifest,
 *       then CURRENT is moved by compare-and-set from the state the writer started from. A writer
 *       that lost the race gets {@link ConcurrentSnapshotException} and nothing it wrote is
 *       reachable; a crash before the pointer moves leaves the previous version in place;
 *   <li>{@link #prune}: versions older than the previous one are deleted (the previous one and any
 *       file the kept manifests reference stay);
 *   <li>{@link #eraseShopper}: copy-on-write of the one part that holds a shopper.
 * </ol>
 *
 * Every file read is checked against the size and SHA-256 its manifest states.
 */
public final class SnapshotStore {

  private static final String MANIFEST = "manifest.json";

  /**
   * The trainer's factors of the run that trained on a version ({@code
   * <version>/training-state.bin}, shopper ids with their factors; not listed in the manifest,
   * written after the commit): an incremental run starts from them. An erasure blanks every copy
   * (an empty file reads as none).
   */
  public static final String TRAINING_STATE = "training-state.bin";

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
  private static final int ERASE_ATTEMPTS = 5;

  private final SnapshotStorage storage;

  public SnapshotStore(SnapshotStorage storage) {
    this.storage = storage;
  }

  public SnapshotStorage storage() {
    return storage;
  }

  /**
   * Sortable UTC time to the millisecond plus a random suffix: {@code 20261202T120000123Z-3fa2c1}.
   */
  public static String newVersion(Instant created) {
    byte[] suffix = new byte[3];
    new SecureRandom().nextBytes(suffix);
    return VERSION_TIME.format(created) + "-" + HexFormat.of().formatHex(suffix);
  }

  public Optional<Snapshot> current() {
    try {
      Optional<SnapshotStorage.Pointer> pointer = storage.pointer();
      if (pointer.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Snapshot(manifest(pointer.get().version()), pointer.get()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the snapshot pointer in " + storage, e);
    }
  }

  public SnapshotManifest manifest(String version) {
    try (InputStream in = storage.open(version + "/" + MANIFEST)) {
      SnapshotManifest manifest = Json.mapper().readValue(in, SnapshotManifest.class);
      if (manifest.formatVersion() != SnapshotManifest.FORMAT_VERSION) {
        throw new CorruptSnapshotException(
            "snapshot "
                + version
                + " has format "
                + manifest.formatVersion()
                + "; this trainer reads format "
                + SnapshotManifest.FORMAT_VERSION
                + " (rebuild with --full)");
      }
      return manifest;
    } catch (NoSuchFileException e) {
      throw new CorruptSnapshotException(
          "CURRENT names snapshot " + version + ", which has no manifest", e);
    } catch (IOException e) {
      throw new CorruptSnapshotException(
          "unreadable manifest of snapshot " + version + ": " + e.getMessage(), e);
    }
  }

  /** A file of a snapshot; closing the stream verifies its size and checksum. */
  public InputStream open(SnapshotManifest manifest, String name) throws IOException {
    SnapshotManifest.FileEntry entry = manifest.files().get(name);
    if (entry == null) {
      throw new CorruptSnapshotException("snapshot " + manifest.version() + " lists no " + name);
    }
    return new VerifiedInput(storage.open(entry.path()), name, entry);
  }

  public PartReader openPart(SnapshotManifest manifest, int part) throws IOException {
    return new PartReader(
        open(manifest, SnapshotManifest.partName(part)), manifest.cut().toEpochMilli());
  }

  /** The item ids of a snapshot, in row order. */
  public List<String> items(SnapshotManifest manifest) {
    List<String> ids = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, manifest.count("items")));
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                open(manifest, SnapshotManifest.ITEMS), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        ids.add(line);
      }
    } catch (IOException e) {
      throw new CorruptSnapshotException(
          "cannot read the items of snapshot " + manifest.version(), e);
    }
    return ids;
  }

  /**
   * Uploads the files of {@code manifest} that belong to its own version from {@code staging}
   * (named by their logical names), then the manifest, then moves CURRENT from {@code expected} to
   * the new version, then prunes.
   *
   * @throws ConcurrentSnapshotException when CURRENT moved since {@code expected} was read
   */
  public Snapshot commit(SnapshotManifest manifest, Path staging, Optional<Snapshot> expected) {
    String version = manifest.version();
    try {
      for (Map.Entry<String, SnapshotManifest.FileEntry> file : manifest.files().entrySet()) {
        if (file.getValue().path().startsWith(version + "/")) {
          storage.put(file.getValue().path(), staging.resolve(file.getKey()));
        }
      }
      storage.put(
          version + "/" + MANIFEST,
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      Optional<SnapshotStorage.Pointer> from = expected.map(Snapshot::pointer);
      if (!storage.swapPointer(from, version)) {
        throw new ConcurrentSnapshotException(
            "another run moved "
                + storage
                + "/CURRENT since this one read it (at "
                + from.map(SnapshotStorage.Pointer::version).orElse("no snapshot")
                + "); snapshot "
                + version
                + " is discarded and its events are left for the next run");
      }
      Snapshot committed = new Snapshot(manifest, storage.pointer().orElseThrow());
      prune(manifest);
      return committed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit snapshot " + version + " to " + storage, e);
    }
  }

  /**
   * Deletes the versions older than the one {@code current} came from, except folders a kept
   * manifest still references. Versions newer than that (a run still writing) are left alone.
   */
  public void prune(SnapshotManifest current) throws IOException {
    Set<String> keep = new HashSet<>(referencedFolders(current));
    String oldestKept = current.version();
    if (current.previousVersion() != null) {
      oldestKept = current.previousVersion();
      try {
        keep.addAll(referencedFolders(manifest(current.previousVersion())));
      } catch (CorruptSnapshotException gone) {
        keep.add(current.previousVersion());
      }
    }
    for (String folder : storage.folders()) {
      if (!keep.contains(folder) && folder.compareTo(oldestKept) < 0) {
        storage.deleteFolder(folder);
      }
    }
  }

  private static Set<String> referencedFolders(SnapshotManifest manifest) {
    Set<String> folders = new HashSet<>();
    folders.add(manifest.version());
    for (SnapshotManifest.FileEntry entry : manifest.files().values()) {
      int slash = entry.path().indexOf('/');
      if (slash > 0) {
        folders.add(entry.path().substring(0, slash));
      }
    }
    return folders;
  }

  /**
   * Removes one shopper from the current snapshot, copy-on-write: their part is rewritten without
   * them into a new version whose manifest reuses every other file, and CURRENT moves to it
   * (retried when a training run commits meanwhile; that run's own fold is then the one discarded,
   * see {@link #commit}). Item ids stay: they are not personal data.
   *
   * @return false when the snapshot holds no such shopper (or there is no snapshot)
   */
  public boolean eraseShopper(String userId) {
    return erase(userId, false) > 0;
  }

  /**
   * The erasure of a shopper's data: {@link #eraseShopper}, then the versions before the one erased
   * from are pruned, and every other copy of the shopper's part that is still stored (in the
   * version erased from, or in an older folder kept for its other parts) is overwritten with the
   * erased part. The version erased from is then unreadable for that part: only a training run that
   * started from it reads it, and that run has lost the race for CURRENT anyway.
   *
   * @return the shopper's pairs removed (0: not in the snapshot, or no snapshot)
   */
  public long erasePairs(String userId) {
    return erase(userId, true);
  }

  private long erase(String userId, boolean scrub) {
    for (int attempt = 1; attempt <= ERASE_ATTEMPTS; attempt++) {
      Optional<Snapshot> current = current();
      if (current.isEmpty()) {
        return 0;
      }
      Path staging = null;
      try {
        staging = Files.createTempDirectory("aisle-snapshot-erase-");
        long[] removed = {0};
        Optional<SnapshotManifest> erased =
            withoutShopper(current.get().manifest(), userId, staging, removed);
        if (erased.isEmpty()) {
          return 0;
        }
        commit(erased.get(), staging, current);
        if (scrub) {
          prune(erased.get());
          int part = StableHash.bucket(userId, erased.get().parts());
          scrub(erased.get(), part, staging.resolve(SnapshotManifest.partName(part)));
        }
        return removed[0];
      } catch (ConcurrentSnapshotException raced) {
        // a training run committed meanwhile: erase from its version
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot erase a shopper from snapshot " + current.get().version(), e);
      } finally {
        deleteQuietly(staging);
      }
    }
    throw new ConcurrentSnapshotException(
        "the snapshot kept moving; erasure not done after " + ERASE_ATTEMPTS + " attempts");
  }

  /**
   * Overwrites every stored copy of part {@code part} but the erased version's own with the erased
   * part, and blanks every training state (they hold the shopper's factors; the next run then
   * sweeps every row and writes a new one).
   */
  private void scrub(SnapshotManifest erased, int part, Path erasedPart) throws IOException {
    String name = SnapshotManifest.partName(part);
    String kept = erased.part(part).path();
    for (String folder : storage.folders()) {
      try (InputStream exists = storage.open(folder + "/" + TRAINING_STATE)) {
        storage.put(folder + "/" + TRAINING_STATE, new byte[0]);
      } catch (NoSuchFileException absent) {
        // no state kept in this version
      }
    }
    for (String folder : storage.folders()) {
      String key = folder + "/" + name;
      if (key.equals(kept)) {
        continue;
      }
      try (InputStream exists = storage.open(key)) {
        // present: overwritten below
      } catch (NoSuchFileException absent) {
        continue;
      }
      storage.put(key, erasedPart);
    }
  }

  /**
   * The erased version's manifest, its one new part written to {@code staging}; empty if the
   * shopper is absent.
   */
  private Optional<SnapshotManifest> withoutShopper(
      SnapshotManifest from, String userId, Path staging, long[] pairsRemoved) throws IOException {
    int part = StableHash.bucket(userId, from.parts());
    String version = newVersion(Instant.now());
    String name = SnapshotManifest.partName(part);
    long cut = from.cut().toEpochMilli();
    long[] removed = {0, 0};
    PartWriter[] writer = new PartWriter[1];
    Checksums.Written written;
    try (PartReader reader = openPart(from, part)) {
      written =
          Checksums.write(
              staging.resolve(name),
              out -> {
                try (PartWriter w = new PartWriter(out, cut)) {
                  writer[0] = w;
                  ShopperPairs shopper = new ShopperPairs();
                  while (reader.next(shopper)) {
                    if (shopper.shopperId().equals(userId)) {
                      removed[0] = shopper.size();
                      removed[1] = shopper.events();
                    } else {
                      w.write(shopper);
                    }
                  }
                }
              });
    }
    if (removed[0] == 0) {
      return Optional.empty();
    }
    pairsRemoved[0] = removed[0];
    Map<String, SnapshotManifest.FileEntry> files = new LinkedHashMap<>(from.files());
    files.put(
        name,
        new SnapshotManifest.FileEntry(
            version + "/" + name,
            written.bytes(),
            written.sha256(),
            writer[0].shoppers(),
            writer[0].pairs(),
            writer[0].events()));
    Map<String, Long> counts = new LinkedHashMap<>(from.counts());
    counts.merge("shoppers", -1L, Long::sum);
    counts.merge("pairs", -removed[0], Long::sum);
    counts.merge("events", -removed[1], Long::sum);
    Map<Integer, Long> histogram = new java.util.TreeMap<>(from.eventsPerShopper());
    histogram.computeIfPresent(
        (int) removed[1], (events, shoppers) -> shoppers > 1 ? shoppers - 1 : null);
    return Optional.of(
        new SnapshotManifest(
            SnapshotManifest.FORMAT_VERSION,
            version,
            from.version(),
            Instant.now(),
            from.cut(),
            from.cutKind(),
            from.source(),
            from.aggregation(),
            from.parts(),
            from.partitioning(),
            counts,
            histogram,
            new SnapshotManifest.Run("erase", null, 0, 0),
            files));
  }

  private static void deleteQuietly(Path dir) {
    if (dir != null) {
      try {
        new FolderStorage(dir.getParent()).deleteFolder(dir.getFileName().toString());
      } catch (IOException | UncheckedIOException e) {
        // a temporary folder left behind is harmless
      }
    }
  }
}
