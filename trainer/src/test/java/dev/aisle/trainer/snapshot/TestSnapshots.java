package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.Snapshot;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.RowsSource;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.report.Stages;
import dev.aisle.trainer.training.TrainingSet;
import dev.aisle.weighting.EventWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows through the trainer's real path (spill, fold, snapshot) into what training sees. */
public final class TestSnapshots {

  private TestSnapshots() {}

  public static TrainingSet trainingSet(
      List<Interaction> rows, long cut, EventWeights weights, Duration popular) {
    LocalSnapshot snapshot =
        build(
            new RowsSource(rows),
            null,
            Optional.empty(),
            SnapshotBuilder.Mode.FULL,
            Instant.ofEpochMilli(cut),
            new Aggregation(weights, popular),
            HygieneRules.defaults(),
            4);
    return TrainingSet.open(snapshot, HygieneRules.defaults(), new HygieneReport());
  }

  /** One build, in a fresh working folder, committed to {@code store} when there is one. */
  public static LocalSnapshot build(
      RowsSource rows,
      SnapshotStore store,
      Optional<Snapshot> base,
      SnapshotBuilder.Mode mode,
      Instant cut,
      Aggregation aggregation,
      HygieneRules rules,
      int parts) {
    return build(rows, store, base, mode, cut, aggregation, rules, parts, Optional.empty());
  }

  /** As above, with the events' retention (an incremental build drops pairs it has expired). */
  public static LocalSnapshot build(
      RowsSource rows,
      SnapshotStore store,
      Optional<Snapshot> base,
      SnapshotBuilder.Mode mode,
      Instant cut,
      Aggregation aggregation,
      HygieneRules rules,
      int parts,
      Optional<Duration> retention) {
    try (Stages stages = new Stages(line -> {})) {
      Path work = Files.createTempDirectory("aisle-test-snapshot-");
      return new SnapshotBuilder(aggregation, rules, 2, line -> {}, stages)
          .build(new SnapshotBuilder.Request(rows, mode, cut, parts, work, retention), store, base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
