package dev.aisle.trainer.training;

import dev.aisle.model.IdIndex;
import dev.aisle.model.PurchasedItems;

/**
 * What the model builder takes from the aggregated pairs once ALS is done: the shoppers' and items'
 * ids in row order, each item's decayed event count (popular lists), what each shopper bought, and
 * the sizes for the manifest. Built by {@link TrainingSet#pairTable()}, after ALS, so the ids are
 * not on the heap while it runs.
 */
public record PairTable(
    IdIndex users,
    IdIndex items,
    float[] itemPopularity,
    PurchasedItems purchasedItems,
    long eventCount,
    int pairs) {}
