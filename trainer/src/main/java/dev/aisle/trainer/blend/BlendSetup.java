package dev.aisle.trainer.blend;

/**
 * How a run considers the blend.
 *
 * @param kind which model to publish
 * @param neighbours item-kNN neighbours per item, measured and shipped (the model carries items ×
 *     neighbours ints and floats: 40 MB at 100,000 items and 50 neighbours)
 * @param maxItems above this many items the blend is not offered (its lists would be too large to
 *     load fast, and item-kNN's build grows with the pairs of every item's shoppers)
 */
public record BlendSetup(ModelKind kind, int neighbours, int maxItems) {

  public static final int DEFAULT_NEIGHBOURS = 50;
  public static final int DEFAULT_MAX_ITEMS = 200_000;

  public BlendSetup {
    if (neighbours < 1) {
      throw new IllegalArgumentException("blend-neighbours must be >= 1, got " + neighbours);
    }
  }
}
