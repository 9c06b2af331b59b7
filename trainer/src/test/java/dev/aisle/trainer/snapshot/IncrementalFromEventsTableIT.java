package dev.aisle.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.s3.S3SnapshotStorage;
import dev.aisle.trainer.data.EventsTableSource;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.report.Stages;
import dev.aisle.weighting.EventWeights;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Incremental runs on the events table and a snapshot in S3, on the local stack: each run reads
 * what was accepted since the previous cut (through the accept-time index), backfilled events
 * included, and the chain ends with the pairs a full scan at the last cut gives.
 */
class IncrementalFromEventsTableIT {

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Aggregation AGGREGATION =
      new Aggregation(EventWeights.parse(null, Duration.ofDays(30)), Duration.ofDays(14));
  private static IsolatedStack resources;
  private static DynamoDbClient dynamo;
  private static S3Client s3;

  @BeforeAll
  static void stack() {
    resources = new IsolatedStack("incremental");
    dynamo = AwsClients.dynamoDb(resources.settings());
    s3 = AwsClients.s3(resources.settings());
    SplittableRandom random = new SplittableRandom(5);
    try (EventStore store =
        new EventStore(
            dynamo,
            resources.settings().eventsTable(),
            EventStore.Deduplication.READ_BEFORE_WRITE,
            4,
            null)) {
      for (int batch = 0; batch < 3; batch++) {
        List<Event> events = new ArrayList<>();
        for (int e = 0; e < 120; e++) {
          // every third event of a later batch is stamped long before it is accepted (a backfill)
          Instant at =
              batch > 0 && e % 3 == 0
                  ? T0.minus(Duration.ofDays(10)).plusSeconds(e)
                  : T0.plus(Duration.ofHours(batch)).plusSeconds(e);
          EventType type = EventType.values()[random.nextInt(4)];
          events.add(
              new Event(
                  "b" + batch + "-" + e,
                  "u" + random.nextInt(25),
                  "i" + random.nextInt(40),
                  type,
                  type == EventType.PURCHASE ? 1.0 + random.nextInt(2) : null,
                  at,
                  null,
                  Map.of()));
        }
        store.putNew(events, accepted(batch));
      }
    }
  }

  private static Instant accepted(int batch) {
    return T0.plus(Duration.ofHours(batch)).plusSeconds(600);
  }

  @AfterAll
  static void stop() {
    s3.close();
    dynamo.close();
    resources.close();
  }

  @Test
  void aChainOfRunsOnTheTableEqualsAFullScan() throws Exception {
    SnapshotStore chain = store("chain/snapshots/");
    List<Long> folded = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      LocalSnapshot s =
          build(
              chain,
              run == 0 ? SnapshotBuilder.Mode.FULL : SnapshotBuilder.Mode.INCREMENTAL,
              accepted(run).plusSeconds(1));
      folded.add(s.eventsFolded());
    }
    assertThat(folded).containsExactly(120L, 120L, 120L);
    // a run with nothing new accepted since the last cut folds nothing and loses nothing
    assertThat(
            build(chain, SnapshotBuilder.Mode.INCREMENTAL, accepted(2).plusSeconds(60))
                .eventsFolded())
        .isZero();

    SnapshotStore full = store("full/snapshots/");
    build(full, SnapshotBuilder.Mode.FULL, accepted(2).plusSeconds(60));
    SnapshotFoldTest.assertSamePairs(
        SnapshotContents.of(chain, chain.current().orElseThrow().manifest()),
        SnapshotContents.of(full, full.current().orElseThrow().manifest()));
    assertThat(chain.current().orElseThrow().manifest().count("events")).isEqualTo(360);
  }

  private static SnapshotStore store(String prefix) {
    return new SnapshotStore(
        new S3SnapshotStorage(s3, resources.settings().modelsBucket(), prefix));
  }

  private static LocalSnapshot build(SnapshotStore store, SnapshotBuilder.Mode mode, Instant cut)
      throws Exception {
    try (Stages stages = new Stages(line -> {})) {
      return new SnapshotBuilder(AGGREGATION, HygieneRules.defaults(), 2, line -> {}, stages)
          .build(
              new SnapshotBuilder.Request(
                  new EventsTableSource(resources.settings(), 2, null, line -> {}),
                  mode,
                  cut,
                  4,
                  Files.createTempDirectory("aisle-it-")),
              store,
              mode == SnapshotBuilder.Mode.FULL ? Optional.empty() : store.current());
    }
  }
}
