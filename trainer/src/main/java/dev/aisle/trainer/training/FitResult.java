package dev.aisle.trainer.training;

import dev.aisle.als.ImplicitAls;
import java.util.List;
import java.util.Map;

/**
 * A finished ALS fit.
 *
 * @param factors the factors of the best sweep (the last one when nothing was validated)
 * @param bestIteration the sweep those factors come from
 * @param validation metrics of the best sweep on the validation rows (empty when not validated)
 */
public record FitResult(
    ImplicitAls.Factors factors,
    int bestIteration,
    Map<String, Double> validation,
    List<IterationRecord> curve,
    double seconds) {}
