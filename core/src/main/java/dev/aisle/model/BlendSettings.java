package dev.aisle.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The blend model kind as its manifest records it, in {@code parameters}: {@code modelKind}
 * ({@value #ALS}, or {@value #BLEND}; absent in models older than the blend, which are plain ALS),
 * {@code blendWeight} (w, the ALS share) and {@code knnPerItem} (item-kNN neighbours shipped per
 * item in {@code knn-items.i32} / {@code knn-scores.f32}).
 *
 * <p>A blend ranks a shopper's candidates by w · norm(ALS score) + (1 − w) · norm(item-kNN score),
 * each normalized min–max over the candidates of that one request (see {@link
 * dev.aisle.scoring.BlendRanking}). Candidates are the ALS top {@link #alsCandidates(int)} and
 * every item-kNN neighbour of the shopper's items: the trainer's evaluation and serving use the
 * same rule, so the weight tuned on validation is the weight served.
 *
 * @param alsWeight w in [0, 1]: 1 ranks as plain ALS, 0 as plain item-kNN
 * @param neighboursPerItem item-kNN neighbours per item the model ships
 */
public record BlendSettings(double alsWeight, int neighboursPerItem) {

  public static final String KIND = "modelKind";
  public static final String WEIGHT = "blendWeight";
  public static final String PER_ITEM = "knnPerItem";
  public static final String ALS = "als";
  public static final String BLEND = "blend";

  /** ALS candidates per list position: a blend re-ranks the ALS top 5 · k (at least 50). */
  static final int ALS_CANDIDATES_PER_POSITION = 5;

  static final int MIN_ALS_CANDIDATES = 50;

  public BlendSettings {
    if (!(alsWeight >= 0 && alsWeight <= 1)) {
      throw new IllegalArgumentException("blend weight must be in [0, 1], got " + alsWeight);
    }
    if (neighboursPerItem < 1) {
      throw new IllegalArgumentException(
          "a blend needs item-kNN neighbours, got " + neighboursPerItem);
    }
  }

  /** The blend a manifest describes, or empty for a plain ALS model (also one without a kind). */
  public static Optional<BlendSettings> of(ModelManifest manifest) {
    Map<String, Object> p = manifest.parameters();
    if (!BLEND.equals(p.get(KIND))) {
      return Optional.empty();
    }
    if (!(p.get(WEIGHT) instanceof Number weight) || !(p.get(PER_ITEM) instanceof Number perItem)) {
      throw new CorruptModelException(
          "blend model " + manifest.version() + " lacks " + WEIGHT + " or " + PER_ITEM);
    }
    try {
      return Optional.of(new BlendSettings(weight.doubleValue(), perItem.intValue()));
    } catch (IllegalArgumentException e) {
      throw new CorruptModelException(
          "blend model " + manifest.version() + ": " + e.getMessage(), e);
    }
  }

  /** The manifest parameters that describe this blend. */
  public Map<String, Object> toParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(KIND, BLEND);
    p.put(WEIGHT, alsWeight);
    p.put(PER_ITEM, neighboursPerItem);
    return p;
  }

  /** How many ALS top items a list of {@code k} re-ranks. */
  public static int alsCandidates(int k) {
    return Math.max(MIN_ALS_CANDIDATES, ALS_CANDIDATES_PER_POSITION * k);
  }
}
