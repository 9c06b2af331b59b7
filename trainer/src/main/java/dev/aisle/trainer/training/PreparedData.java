package dev.aisle.trainer.training;

import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.snapshot.LocalSnapshot;

/**
 * Data ready to train on: the snapshot this run built or folded, the training view of it, and the
 * hygiene counts (this run's input rows; the outlier rule over the whole snapshot).
 *
 * @param cutoff the snapshot's cut (epoch ms): weights are decayed to it
 */
public record PreparedData(
    String source,
    TrainingSet set,
    HygieneReport hygiene,
    long cutoff,
    LocalSnapshot snapshot,
    double seconds) {}
