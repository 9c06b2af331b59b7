package dev.aisle.api.serving;

/** One item of an answer: its id and score (higher is better; comparable within one answer only). */
public record ScoredItem(String itemId, float score) {}
