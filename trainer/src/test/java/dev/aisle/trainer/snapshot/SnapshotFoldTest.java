package dev.aisle.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.event.EventType;
import dev.aisle.snapshot.ConcurrentSnapshotException;
import dev.aisle.snapshot.FolderStorage;
import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.snapshot.SnapshotStorage;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.RowsSource;
import dev.aisle.trainer.hygiene.Hygiene;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.training.TrainingSet;
import dev.aisle.weighting.EventWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The snapshot's promise: folding events in batches gives the pairs a full build of all of them
 * gives, and a fold that crashes or loses a race loses and double-counts nothing.
 *
 * <p>"The same pairs" means: the same shoppers with the same kept-event counts, the same (shopper,
 * item) pairs with the same first and last times, event counts and bought flags, exactly; weights
 * and decayed counts equal to a relative 1e-5 (float sums in another order, and a decayed old sum
 * times 2^(−Δt/half-life) instead of each event decayed straight to the later cut). Exact
 * duplicates are dropped when both copies arrive in the same run: the snapshot keeps no single
 * events, so a copy of an event folded by an earlier run counts again (the events table's eventId
 * keeps resent events out before that).
 */
class SnapshotFoldTest {

  private static final long T0 = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
  private static final Aggregation AGGREGATION =
      new Aggregation(
          EventWeights.parse(
              "view=1,click=2,add_to_cart=4,purchase=8,rating=2", Duration.ofDays(3)),
          Duration.ofDays(14));

  @Property(tries = 60)
  void aChainOfIncrementalRunsGivesTheFullBuildsPairs(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int runs) throws IOException {
    List<List<Interaction>> batches = batches(seed, runs);
    SnapshotStore chain = store();
    for (int b = 0; b < batches.size(); b++) {
      TestSnapshots.build(
          new RowsSource(batches.get(b)),
          chain,
          chain.current(),
          b == 0 ? SnapshotBuilder.Mode.FULL : SnapshotBuilder.Mode.INCREMENTAL,
          null,
          AGGREGATION,
          HygieneRules.defaults(),
          3);
    }
    SnapshotStore full = store();
    TestSnapshots.build(
        new RowsSource(batches.stream().flatMap(List::stream).toList()),
        full,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        5);

    SnapshotManifest chained = chain.current().orElseThrow().manifest();
    SnapshotManifest built = full.current().orElseThrow().manifest();
    assertThat(chained.cut()).isEqualTo(built.cut());
    assertThat(chained.counts()).isEqualTo(built.counts());
    assertThat(chained.eventsPerShopper()).isEqualTo(built.eventsPerShopper());
    assertSamePairs(SnapshotContents.of(chain, chained), SnapshotContents.of(full, built));
  }

  /** The streaming path applies the in-memory rules with the same counts, outlier rule included. */
  @Property(tries = 40)
  void theStreamingPathCountsWhatTheRulesInMemoryCount(@ForAll long seed) {
    List<Interaction> rows = new ArrayList<>(batches(seed, 1).get(0));
    // a crawler, so that the outlier rule has someone to drop
    for (int e = 0; e < 400; e++) {
      rows.add(
          new Interaction("crawler", "i" + (e % 20), EventType.VIEW, T0 + e * 1000L, Double.NaN));
    }
    for (int u = 0; u < 30; u++) {
      rows.add(new Interaction("shopper" + u, "i" + u % 20, EventType.CLICK, T0 + u, Double.NaN));
    }
    HygieneRules rules = HygieneRules.defaults();
    long cut = rows.stream().mapToLong(Interaction::timestamp).max().orElseThrow();
    HygieneReport inMemory = new HygieneReport();
    inMemory.read(rows.size());
    List<Interaction> kept = Hygiene.clean(rows, cut, rules, inMemory);

    LocalSnapshot snapshot =
        TestSnapshots.build(
            new RowsSource(rows),
            null,
            Optional.empty(),
            SnapshotBuilder.Mode.FULL,
            null,
            AGGREGATION,
            rules,
            3);
    HygieneReport streamed = snapshot.hygiene();
    TrainingSet set = TrainingSet.open(snapshot, rules, streamed);
    assertThat(streamed.toCounts()).isEqualTo(inMemory.toCounts());
    assertThat(streamed.outlierFence()).isEqualTo(inMemory.outlierFence());
    assertThat(set.events()).isEqualTo(kept.size());
  }

  @Test
  void aRunThatCrashesBeforeThePointerMovesLosesAndDoublesNothing() throws IOException {
    List<List<Interaction>> batches = batches(7, 2);
    FolderStorage folder = new FolderStorage(Files.createTempDirectory("snapshots"));
    SnapshotStore store = new SnapshotStore(folder);
    TestSnapshots.build(
        new RowsSource(batches.get(0)),
        store,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    Snapshot before = store.current().orElseThrow();

    SnapshotStore crashing = new SnapshotStore(new CrashBeforePointer(folder));
    assertThatThrownBy(
            () ->
                TestSnapshots.build(
                    new RowsSource(batches.get(1)),
                    crashing,
                    crashing.current(),
                    SnapshotBuilder.Mode.INCREMENTAL,
                    null,
                    AGGREGATION,
                    HygieneRules.defaults(),
                    3))
        .hasMessageContaining("crash");
    assertThat(store.current().orElseThrow().version()).isEqualTo(before.version());

    // the next run folds the same new events again, once
    TestSnapshots.build(
        new RowsSource(batches.get(1)),
        store,
        store.current(),
        SnapshotBuilder.Mode.INCREMENTAL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    SnapshotStore clean = store();
    TestSnapshots.build(
        new RowsSource(batches.get(0)),
        clean,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    TestSnapshots.build(
        new RowsSource(batches.get(1)),
        clean,
        clean.current(),
        SnapshotBuilder.Mode.INCREMENTAL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    assertSamePairs(
        SnapshotContents.of(store, store.current().orElseThrow().manifest()),
        SnapshotContents.of(clean, clean.current().orElseThrow().manifest()));
  }

  @Test
  void ofTwoOverlappingRunsOneFoldsAndTheOtherStopsWithoutATrace() throws Exception {
    List<List<Interaction>> batches = batches(11, 3);
    FolderStorage folder = new FolderStorage(Files.createTempDirectory("snapshots"));
    SnapshotStore store = new SnapshotStore(folder);
    TestSnapshots.build(
        new RowsSource(batches.get(0)),
        store,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    Snapshot base = store.current().orElseThrow();
    // both runs read CURRENT, fold, and meet at the pointer
    CyclicBarrier atThePointer = new CyclicBarrier(2);
    SnapshotStore racing = new SnapshotStore(new MeetAtPointer(folder, atThePointer));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> runs = new ArrayList<>();
    for (int r = 1; r <= 2; r++) {
      List<Interaction> rows = batches.get(r);
      runs.add(
          pool.submit(
              () -> {
                try {
                  return TestSnapshots.build(
                          new RowsSource(rows),
                          racing,
                          Optional.of(base),
                          SnapshotBuilder.Mode.INCREMENTAL,
                          null,
                          AGGREGATION,
                          HygieneRules.defaults(),
                          3)
                      .manifest()
                      .version();
                } catch (ConcurrentSnapshotException lost) {
                  return "lost";
                }
              }));
    }
    String first = runs.get(0).get();
    String second = runs.get(1).get();
    pool.shutdown();
    assertThat(List.of(first, second)).containsOnlyOnce("lost");
    int winner = first.equals("lost") ? 2 : 1;
    int loser = 3 - winner;

    SnapshotStore expected = store();
    TestSnapshots.build(
        new RowsSource(batches.get(0)),
        expected,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    TestSnapshots.build(
        new RowsSource(batches.get(winner)),
        expected,
        expected.current(),
        SnapshotBuilder.Mode.INCREMENTAL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    assertSamePairs(
        SnapshotContents.of(store, store.current().orElseThrow().manifest()),
        SnapshotContents.of(expected, expected.current().orElseThrow().manifest()));

    // the loser's events are folded by the next run, once
    TestSnapshots.build(
        new RowsSource(batches.get(loser)),
        store,
        store.current(),
        SnapshotBuilder.Mode.INCREMENTAL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    TestSnapshots.build(
        new RowsSource(batches.get(loser)),
        expected,
        expected.current(),
        SnapshotBuilder.Mode.INCREMENTAL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    assertSamePairs(
        SnapshotContents.of(store, store.current().orElseThrow().manifest()),
        SnapshotContents.of(expected, expected.current().orElseThrow().manifest()));
  }

  @Test
  void foldingIntoASnapshotAggregatedOtherwiseIsRefused() throws IOException {
    SnapshotStore store = store();
    TestSnapshots.build(
        new RowsSource(batches(3, 1).get(0)),
        store,
        Optional.empty(),
        SnapshotBuilder.Mode.FULL,
        null,
        AGGREGATION,
        HygieneRules.defaults(),
        3);
    Aggregation other = new Aggregation(EventWeights.defaults(), Duration.ofDays(14));
    assertThatThrownBy(
            () ->
                TestSnapshots.build(
                    new RowsSource(batches(4, 1).get(0)),
                    store,
                    store.current(),
                    SnapshotBuilder.Mode.INCREMENTAL,
                    null,
                    other,
                    HygieneRules.defaults(),
                    3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--full");
  }

  @Test
  void anIncrementalRunWithARetentionForgetsThePairsWhoseEventsHaveAllExpired() throws IOException {
    long day = Duration.ofDays(1).toMillis();
    List<Interaction> history =
        List.of(
            new Interaction("ann", "old", EventType.VIEW, T0, Double.NaN),
            new Interaction("ann", "kept", EventType.VIEW, T0, Double.NaN),
            new Interaction("ann", "kept", EventType.CLICK, T0 + 40 * day, Double.NaN),
            new Interaction("bob", "old", EventType.PURCHASE, T0 + day, Double.NaN));
    List<Interaction> later =
        List.of(new Interaction("cid", "new", EventType.VIEW, T0 + 50 * day, Double.NaN));
    Instant cut = Instant.ofEpochMilli(T0 + 51 * day);

    SnapshotStore store = store();
    buildWithRetention(history, store, SnapshotBuilder.Mode.FULL, T0 + 41 * day, Optional.empty());
    // events kept 25 days at a cut on day 51: pairs whose last event is before day 26 go, the
    // pair with one event on day 0 and one on day 40 stays whole
    LocalSnapshot folded =
        buildWithRetention(
            later,
            store,
            SnapshotBuilder.Mode.INCREMENTAL,
            cut.toEpochMilli(),
            Optional.of(Duration.ofDays(25)));
    SnapshotContents kept = SnapshotContents.of(store, store.current().orElseThrow().manifest());

    assertThat(kept.pairs().keySet()).containsExactlyInAnyOrder("ann", "cid");
    assertThat(kept.pairs().get("ann")).containsOnlyKeys("kept");
    assertThat(kept.pairs().get("ann").get("kept").events()).isEqualTo(2);
    assertThat(kept.events()).containsEntry("ann", 2);
    assertThat(folded.hygiene().toCounts()).containsEntry("dropped_expired_by_retention", 2L);

    SnapshotStore keepAll = store();
    buildWithRetention(
        history, keepAll, SnapshotBuilder.Mode.FULL, T0 + 41 * day, Optional.empty());
    buildWithRetention(
        later, keepAll, SnapshotBuilder.Mode.INCREMENTAL, cut.toEpochMilli(), Optional.empty());
    assertThat(SnapshotContents.of(keepAll, keepAll.current().orElseThrow().manifest()).pairs())
        .containsOnlyKeys("ann", "bob", "cid");
  }

  private static LocalSnapshot buildWithRetention(
      List<Interaction> rows,
      SnapshotStore store,
      SnapshotBuilder.Mode mode,
      long cut,
      Optional<Duration> retention) {
    return TestSnapshots.build(
        new RowsSource(rows),
        store,
        store.current(),
        mode,
        Instant.ofEpochMilli(cut),
        AGGREGATION,
        HygieneRules.defaults(),
        2,
        retention);
  }

  static void assertSamePairs(SnapshotContents actual, SnapshotContents expected) {
    assertThat(actual.events()).isEqualTo(expected.events());
    assertThat(actual.pairs().keySet()).isEqualTo(expected.pairs().keySet());
    expected
        .pairs()
        .forEach(
            (shopper, pairs) -> {
              Map<String, SnapshotContents.Pair> mine = actual.pairs().get(shopper);
              assertThat(mine.keySet()).as(shopper).isEqualTo(pairs.keySet());
              pairs.forEach(
                  (item, want) -> {
                    SnapshotContents.Pair got = mine.get(item);
                    String what = shopper + "/" + item;
                    assertThat(
                            new long[] {
                              got.first(), got.last(), got.events(), got.bought() ? 1 : 0
                            })
                        .as(what)
                        .containsExactly(
                            want.first(), want.last(), want.events(), want.bought() ? 1 : 0);
                    assertThat(got.weight())
                        .as(what)
                        .isCloseTo(
                            want.weight(), org.assertj.core.data.Percentage.withPercentage(1e-3));
                    assertThat(got.popularity())
                        .as(what)
                        .isCloseTo(
                            want.popularity(),
                            org.assertj.core.data.Percentage.withPercentage(1e-3));
                  });
            });
  }

  /**
   * Seeded rows in {@code runs} non-empty batches: ten shoppers, twenty items, every event type,
   * some invalid rows and purchases without quantity, exact duplicates within a batch, and later
   * batches that also carry events older than earlier ones (backfill).
   */
  static List<List<Interaction>> batches(long seed, int runs) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Interaction>> batches = new ArrayList<>();
    EventType[] types = EventType.values();
    for (int b = 0; b < runs; b++) {
      List<Interaction> rows = new ArrayList<>();
      int n = 1 + random.nextInt(60);
      for (int r = 0; r < n; r++) {
        if (!rows.isEmpty() && random.nextInt(10) == 0) {
          rows.add(rows.get(random.nextInt(rows.size())));
          continue;
        }
        EventType type = types[random.nextInt(types.length)];
        double value =
            switch (type) {
              case PURCHASE -> random.nextInt(4) == 0 ? Double.NaN : 1 + random.nextInt(3);
              case RATING -> random.nextInt(8) == 0 ? Double.NaN : random.nextInt(11) / 2.0;
              default -> Double.NaN;
            };
        String user = random.nextInt(30) == 0 ? "" : "u" + random.nextInt(10);
        long ts = T0 + (long) b * 86_400_000L + random.nextLong(5 * 86_400_000L) / 1000 * 1000;
        rows.add(new Interaction(user, "i" + random.nextInt(20), type, ts, value));
      }
      batches.add(rows);
    }
    return batches;
  }

  private static SnapshotStore store() throws IOException {
    return new SnapshotStore(new FolderStorage(Files.createTempDirectory("snapshots")));
  }

  /** Storage that dies just before it would move CURRENT. */
  private static final class CrashBeforePointer extends Delegating {
    CrashBeforePointer(FolderStorage inner) {
      super(inner);
    }

    @Override
    public boolean swapPointer(Optional<Pointer> expected, String version) {
      throw new IllegalStateException("crash before the pointer moved");
    }
  }

  /**
   * Storage whose writers wait for each other before moving CURRENT, so both started from the same
   * version.
   */
  private static final class MeetAtPointer extends Delegating {
    private final CyclicBarrier barrier;

    MeetAtPointer(FolderStorage inner, CyclicBarrier barrier) {
      super(inner);
      this.barrier = barrier;
    }

    @Override
    public boolean swapPointer(Optional<Pointer> expected, String version) throws IOException {
      try {
        barrier.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return super.swapPointer(expected, version);
    }
  }

  private static class Delegating implements SnapshotStorage {
    private final FolderStorage inner;

    Delegating(FolderStorage inner) {
      this.inner = inner;
    }

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
    public boolean swapPointer(Optional<Pointer> expected, String version) throws IOException {
      return inner.swapPointer(expected, version);
    }

    @Override
    public Set<String> folders() throws IOException {
      return inner.folders();
    }

    @Override
    public void deleteFolder(String folder) throws IOException {
      inner.deleteFolder(folder);
    }
  }
}
