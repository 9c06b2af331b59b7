package dev.aisle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot lifecycle on a folder: commit, compare-and-set races, checksums, pruning, erasure.
 */
class SnapshotStoreTest {

  private static final Instant CUT = Instant.parse("2026-12-01T00:00:00Z");
  private static final int PARTS = 4;

  @TempDir Path dir;

  @Test
  void commitPublishesTheManifestAndMovesCurrent() throws IOException {
    SnapshotStore store = new SnapshotStore(new FolderStorage(dir.resolve("snapshots")));
    assertThat(store.current()).isEmpty();

    Snapshot first = commit(store, Optional.empty(), shoppers("ann", "bob", "cid"), null);
    assertThat(store.current()).map(Snapshot::version).contains(first.version());
    assertThat(Files.readString(dir.resolve("snapshots/CURRENT")).strip())
        .isEqualTo(first.version());
    assertThat(readAll(store, store.current().get().manifest()))
        .containsOnlyKeys("ann", "bob", "cid");
    assertThat(store.items(first.manifest())).containsExactly("i0", "i1", "i2");
  }

  @Test
  void ofTwoWritersFromTheSameVersionOnlyOneMovesCurrent() throws Exception {
    SnapshotStore store = new SnapshotStore(new FolderStorage(dir.resolve("snapshots")));
    Snapshot base = commit(store, Optional.empty(), shoppers("ann"), null);
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String shopper = "writer-" + w;
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return commit(store, Optional.of(base), shoppers("ann", shopper), base.version())
                      .version();
                } catch (ConcurrentSnapshotException lost) {
                  return null;
                }
              }));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (Future<String> r : results) {
      if (r.get() != null) {
        winners.add(r.get());
      }
    }
    pool.shutdown();
    assertThat(winners).hasSize(1);
    assertThat(store.current()).map(Snapshot::version).contains(winners.get(0));
  }

  @Test
  void aWriterThatCrashesBeforeThePointerLeavesThePreviousVersionInPlace() throws IOException {
    FolderStorage folder = new FolderStorage(dir.resolve("snapshots"));
    SnapshotStore store = new SnapshotStore(folder);
    Snapshot base = commit(store, Optional.empty(), shoppers("ann"), null);
    SnapshotStore crashing = new SnapshotStore(new FailingPointer(folder));
    assertThatThrownBy(
            () -> commit(crashing, Optional.of(base), shoppers("ann", "bob"), base.version()))
        .hasMessageContaining("crash");
    assertThat(store.current()).map(Snapshot::version).contains(base.version());
    assertThat(readAll(store, store.current().get().manifest())).containsOnlyKeys("ann");
  }

  @Test
  void anAlteredPartIsRefused() throws IOException {
    SnapshotStore store = new SnapshotStore(new FolderStorage(dir.resolve("snapshots")));
    Snapshot s = commit(store, Optional.empty(), shoppers("ann", "bob", "cid", "dan"), null);
    SnapshotManifest.FileEntry entry = s.manifest().part(StableHash.bucket("ann", PARTS));
    Path file = dir.resolve("snapshots").resolve(entry.path());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> readAll(store, s.manifest()))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("does not match its manifest");
  }

  @Test
  void pruningKeepsTheCurrentAndThePreviousVersion() throws IOException {
    SnapshotStore store = new SnapshotStore(new FolderStorage(dir.resolve("snapshots")));
    Snapshot v1 = commit(store, Optional.empty(), shoppers("ann"), null);
    Snapshot v2 = commit(store, Optional.of(v1), shoppers("ann", "bob"), v1.version());
    Snapshot v3 = commit(store, Optional.of(v2), shoppers("ann", "bob", "cid"), v2.version());
    assertThat(new FolderStorage(dir.resolve("snapshots")).folders())
        .containsExactlyInAnyOrder(v2.version(), v3.version());
    assertThat(readAll(store, store.manifest(v2.version()))).containsOnlyKeys("ann", "bob");
  }

  @Test
  void erasingAShopperRewritesOnlyTheirPart() throws IOException {
    SnapshotStore store = new SnapshotStore(new FolderStorage(dir.resolve("snapshots")));
    Map<String, Integer> everyone = shoppers("ann", "bob", "cid", "dan", "eve", "fay", "gus");
    Snapshot before = commit(store, Optional.empty(), everyone, null);

    assertThat(store.eraseShopper("dan")).isTrue();
    assertThat(store.eraseShopper("nobody")).isFalse();

    SnapshotManifest after = store.current().orElseThrow().manifest();
    assertThat(after.previousVersion()).isEqualTo(before.version());
    assertThat(after.run().mode()).isEqualTo("erase");
    Map<String, Integer> left = readAll(store, after);
    assertThat(left).doesNotContainKey("dan").hasSize(everyone.size() - 1);
    int dansPart = StableHash.bucket("dan", PARTS);
    for (int p = 0; p < PARTS; p++) {
      if (p == dansPart) {
        assertThat(after.part(p).path()).startsWith(after.version() + "/");
      } else {
        assertThat(after.part(p)).isEqualTo(before.manifest().part(p));
      }
    }
    assertThat(after.count("shoppers")).isEqualTo(everyone.size() - 1);
    assertThat(after.count("pairs"))
        .isEqualTo(before.manifest().count("pairs") - everyone.get("dan"));
    assertThat(after.eventsPerShopper().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(everyone.size() - 1);
    // the version before the erasure is kept (previous), its files intact
    assertThat(readAll(store, store.manifest(before.version()))).containsKey("dan");
  }

  @Test
  void erasingCountsTheShoppersPairsAndPrunesTheVersionsBeforeThePreviousOne() throws IOException {
    FolderStorage folders = new FolderStorage(dir.resolve("snapshots"));
    SnapshotStore store = new SnapshotStore(folders);
    Map<String, Integer> everyone = shoppers("ann", "dan", "eve");
    Snapshot v1 = commit(store, Optional.empty(), everyone, null);
    Snapshot v2 = commit(store, Optional.of(v1), everyone, v1.version());
    assertThat(folders.folders()).contains(v1.version());
    // the trainer's factors of the run on v2 name dan too
    folders.put(
        v2.version() + "/" + SnapshotStore.TRAINING_STATE,
        "dan 0.1 0.2".getBytes(StandardCharsets.UTF_8));

    assertThat(store.erasePairs("dan")).isEqualTo((long) everyone.get("dan"));
    try (InputStream state = folders.open(v2.version() + "/" + SnapshotStore.TRAINING_STATE)) {
      assertThat(state.readAllBytes()).as("the training state is blanked").isEmpty();
    }

    SnapshotManifest erased = store.current().orElseThrow().manifest();
    assertThat(folders.folders())
        .as("v1 held dan and is older than the previous version")
        .containsExactlyInAnyOrder(v2.version(), erased.version());
    assertThat(readAll(store, erased)).doesNotContainKey("dan").containsOnlyKeys("ann", "eve");
    assertThat(store.erasePairs("dan")).as("already gone").isZero();
    // no stored file holds dan any more: the version erased from had its copy of the part
    // overwritten
    String dansPart = SnapshotManifest.partName(StableHash.bucket("dan", PARTS));
    for (String folder : folders.folders()) {
      try (InputStream in = folders.open(folder + "/" + dansPart)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .as(folder)
            .doesNotContain("dan");
      } catch (java.nio.file.NoSuchFileException absent) {
        // a version without that part file
      }
    }
  }

  /** Shoppers with 1..3 pairs each, by id. */
  private static Map<String, Integer> shoppers(String... ids) {
    Map<String, Integer> pairs = new TreeMap<>();
    for (String id : ids) {
      pairs.put(id, 1 + Math.floorMod(id.hashCode(), 3));
    }
    return pairs;
  }

  /** Stages a version with {@code pairs} shoppers (items 0..n-1, weight 1 each) and commits it. */
  static Snapshot commit(
      SnapshotStore store, Optional<Snapshot> from, Map<String, Integer> pairs, String previous)
      throws IOException {
    Path staging = Files.createTempDirectory("staging");
    String version = SnapshotStore.newVersion(Instant.now());
    Map<String, SnapshotManifest.FileEntry> files = new LinkedHashMap<>();
    Checksums.Written items =
        Checksums.write(
            staging.resolve(SnapshotManifest.ITEMS),
            out -> out.write("i0\ni1\ni2\n".getBytes(StandardCharsets.UTF_8)));
    files.put(
        SnapshotManifest.ITEMS,
        new SnapshotManifest.FileEntry(
            version + "/" + SnapshotManifest.ITEMS,
            items.bytes(),
            items.sha256(),
            null,
            null,
            null));
    long total = 0;
    for (int p = 0; p < PARTS; p++) {
      int part = p;
      PartWriter[] w = new PartWriter[1];
      Checksums.Written written =
          Checksums.write(
              staging.resolve(SnapshotManifest.partName(p)),
              out -> {
                try (PartWriter writer = new PartWriter(out, CUT.toEpochMilli())) {
                  w[0] = writer;
                  ShopperPairs buffer = new ShopperPairs();
                  for (Map.Entry<String, Integer> s : pairs.entrySet()) {
                    if (StableHash.bucket(s.getKey(), PARTS) == part) {
                      buffer.reset(s.getKey(), s.getValue());
                      for (int i = 0; i < s.getValue(); i++) {
                        buffer.add(
                            i,
                            1f,
                            1f,
                            CUT.toEpochMilli() - 1000,
                            CUT.toEpochMilli() - 10,
                            1,
                            i == 0);
                      }
                      writer.write(buffer);
                    }
                  }
                }
              });
      total += w[0].pairs();
      files.put(
          SnapshotManifest.partName(p),
          new SnapshotManifest.FileEntry(
              version + "/" + SnapshotManifest.partName(p),
              written.bytes(),
              written.sha256(),
              w[0].shoppers(),
              w[0].pairs(),
              w[0].events()));
    }
    Map<Integer, Long> histogram = new TreeMap<>();
    pairs.values().forEach(n -> histogram.merge(n, 1L, Long::sum));
    SnapshotManifest manifest =
        new SnapshotManifest(
            SnapshotManifest.FORMAT_VERSION,
            version,
            previous,
            Instant.now(),
            CUT,
            SnapshotManifest.EVENT_TIME,
            "test",
            new SnapshotManifest.Aggregation("view=1", "none", "P14D"),
            PARTS,
            SnapshotManifest.PARTITIONING,
            Map.of("shoppers", (long) pairs.size(), "pairs", total, "events", total, "items", 3L),
            histogram,
            new SnapshotManifest.Run(previous == null ? "full" : "incremental", null, 0, 0),
            files);
    return store.commit(manifest, staging, from);
  }

  /** Every shopper of a snapshot with their pair count. */
  static Map<String, Integer> readAll(SnapshotStore store, SnapshotManifest manifest) {
    Map<String, Integer> found = new TreeMap<>();
    for (int p = 0; p < manifest.parts(); p++) {
      try (PartReader reader = store.openPart(manifest, p)) {
        ShopperPairs s = new ShopperPairs();
        while (reader.next(s)) {
          found.put(s.shopperId(), s.size());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** Storage whose pointer write fails, as a process killed just before it would. */
  private record FailingPointer(FolderStorage inner) implements SnapshotStorage {
    @Override
    public InputStream open(String key) throws IOException {
      return inner.open(key);
    }

    @Override
    public void put(String key, Path file) throws IOException {
      inner.put(key, file);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
      inner.put(key, bytes);
    }

    @Override
    public Optional<Pointer> pointer() throws IOException {
      return inner.pointer();
    }

    @Override
    public boolean swapPointer(Optional<Pointer> expected, String version) {
      throw new IllegalStateException("crash before the pointer moved");
    }

    @Override
    public java.util.Set<String> folders() throws IOException {
      return inner.folders();
    }

    @Override
    public void deleteFolder(String folder) throws IOException {
      inner.deleteFolder(folder);
    }
  }
}
