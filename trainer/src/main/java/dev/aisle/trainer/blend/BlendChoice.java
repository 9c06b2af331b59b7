package dev.aisle.trainer.blend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the blend's measurement found and what the run publishes.
 *
 * @param measured whether the blend was measured at all (not for {@code model-kind=als} or a
 *     catalog above {@code blend-max-items})
 * @param chosen whether the published model is the blend
 * @param weight w, the ALS share, chosen on the validation rows
 * @param validation the metric on the validation rows: "als", "itemKnn", "blend" (at w) and "w=0.0"
 *     … "w=1.0"
 * @param test per recommender ("als", "itemKnn", "blend"): metrics on the test rows after fitting
 *     on training plus validation rows
 * @param decision one plain sentence: what is served and why
 */
public record BlendChoice(
    boolean measured,
    boolean chosen,
    double weight,
    Map<String, Double> validation,
    Map<String, Map<String, Double>> test,
    String decision,
    double seconds) {

  public static BlendChoice notMeasured(String decision) {
    return new BlendChoice(false, false, 1.0, Map.of(), Map.of(), decision, 0);
  }

  /** The report's entry. */
  public Map<String, Object> toReport() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("measured", measured);
    r.put("served", chosen ? "blend" : "als");
    r.put("weight", weight);
    r.put("validation", validation);
    r.put("test", test);
    r.put("decision", decision);
    r.put("seconds", seconds);
    return r;
  }
}
