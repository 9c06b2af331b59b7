package dev.aisle.trainer.blend;

import java.util.Locale;

/**
 * Which model a run publishes ({@code model-kind}): {@link #AUTO} the blend of ALS and item-kNN
 * when item-kNN beats ALS on the validation rows and the blend beats ALS there, else ALS; {@link
 * #ALS} always plain ALS (no blend is measured); {@link #BLEND} always the blend, with the weight
 * the validation rows choose (w = 1 ranks as ALS).
 */
public enum ModelKind {
  AUTO,
  ALS,
  BLEND;

  public static ModelKind parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "als" -> ALS;
      case "blend" -> BLEND;
      default ->
          throw new IllegalArgumentException(
              "model-kind must be auto, als or blend, got '" + text + "'");
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
