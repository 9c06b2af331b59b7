package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;

/**
 * Everything one training run needs besides its data.
 *
 * @param popularityHalfLife half-life of the decayed counts behind the popular lists
 * @param evaluate measure on a temporal hold-out (validation for early stopping and the gate, test
 *     against the baselines) before fitting the published model on all data
 * @param lossCurve compute the objective after every sweep of the final fit (else not at all)
 */
public record TrainingConfig(
    AlsParameters als,
    EventWeights weights,
    Duration popularityHalfLife,
    HygieneRules hygiene,
    EvaluationSettings evaluation,
    ModelBuilder.Lists lists,
    boolean evaluate,
    boolean lossCurve) {}
