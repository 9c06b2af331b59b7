package dev.aisle.serving;

/**
 * The vector a shopper is ranked with, and what it says about freshness: {@link Source#REALTIME}
 * when it holds events the served model had not seen, {@link Source#PERSONALIZED} otherwise.
 */
public record ShopperVector(float[] vector, Source source) {}
