package dev.aisle.trainer.training;

import java.util.List;
import java.util.Map;

/**
 * Results of the hold-out protocol.
 *
 * @param validation ALS on the validation rows at its best sweep (what the publish gate compares)
 * @param test per recommender ("als", "popular", "itemKnn"): metrics on the test rows after fitting
 *     on training plus validation rows
 * @param bestIterations the sweep count early stopping chose
 * @param split pair counts: train, validation, test; evaluated users
 * @param protocol how the hold-out was made (temporal or random per user), in words
 */
public record Evaluation(
    Map<String, Double> validation,
    Map<String, Map<String, Double>> test,
    int bestIterations,
    List<IterationRecord> curve,
    Map<String, Long> split,
    double seconds,
    String protocol) {}
