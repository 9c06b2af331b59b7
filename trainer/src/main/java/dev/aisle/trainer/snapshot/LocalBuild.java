package dev.aisle.trainer.snapshot;

import dev.aisle.trainer.data.InteractionSource;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.report.Stages;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A full snapshot of a source in a local folder, kept nowhere else: for tools that only train or
 * measure.
 */
public final class LocalBuild {

  private LocalBuild() {}

  public static LocalSnapshot of(
      InteractionSource source,
      Aggregation aggregation,
      HygieneRules rules,
      int parts,
      int threads,
      Path work) {
    try (Stages stages = new Stages(line -> {})) {
      return new SnapshotBuilder(aggregation, rules, threads, line -> {}, stages)
          .build(
              new SnapshotBuilder.Request(source, SnapshotBuilder.Mode.FULL, null, parts, work),
              null,
              Optional.empty());
    }
  }
}
