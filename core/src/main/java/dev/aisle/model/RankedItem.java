package dev.aisle.model;

/** An item id with its score, as recommendations, popular lists and neighbours carry them. */
public record RankedItem(String itemId, double score) {}
