package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;

/**
 * How events become a pair's numbers: the event weights with their half-life (the pair weight, ALS
 * confidence is 1 + alpha · weight) and the half-life of the decayed event counts behind the
 * popular lists. A snapshot records them; folding into it with other settings would mix two rules
 * in one sum, so that is refused (rebuild with --full).
 */
public record Aggregation(EventWeights weights, Duration popularityHalfLife) {

  public SnapshotManifest.Aggregation toManifest() {
    String spec = weights.toString();
    int cut = spec.indexOf(';');
    return new SnapshotManifest.Aggregation(
        cut < 0 ? spec : spec.substring(0, cut),
        describe(weights.halfLife()),
        describe(popularityHalfLife));
  }

  /** Refuses to fold into a snapshot aggregated otherwise. */
  public void requireSameAs(SnapshotManifest snapshot) {
    SnapshotManifest.Aggregation mine = toManifest();
    if (!mine.equals(snapshot.aggregation())) {
      throw new IllegalArgumentException(
          "snapshot "
              + snapshot.version()
              + " was aggregated with "
              + snapshot.aggregation()
              + " and this run uses "
              + mine
              + ": rebuild it with --full");
    }
  }

  private static String describe(Duration halfLife) {
    return halfLife == null ? "none" : halfLife.toString();
  }
}
