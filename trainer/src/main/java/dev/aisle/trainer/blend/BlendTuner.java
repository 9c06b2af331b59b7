package dev.aisle.trainer.blend;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.evaluation.AlsScorer;
import dev.aisle.trainer.evaluation.BlendScorer;
import dev.aisle.trainer.evaluation.Evaluator;
import dev.aisle.trainer.evaluation.ItemKnnScorer;
import dev.aisle.trainer.training.EvaluationSettings;
import dev.aisle.trainer.training.TemporalSplit;
import dev.aisle.trainer.training.TrainingJob;
import dev.aisle.trainer.training.TrainingSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the blend of ALS and item-kNN on the run's hold-out, the same split as the {@link
 * TrainingJob}'s evaluation: ALS fitted on the training rows for the sweeps early stopping chose,
 * item-kNN on the same rows; w from {@value #STEPS} + 1 steps of 0 … 1 maximizes the metric on the
 * validation rows (ties: the larger w, nearer plain ALS; w = 1 is ALS, so the chosen blend is never
 * worse than ALS on validation). Then ALS, item-kNN and the blend at w, refitted on training plus
 * validation rows, are measured on the test rows. Costs one ALS fit without per-sweep evaluation
 * and one refit on top of the evaluation's, and two item-kNN builds for the evaluated users.
 */
public final class BlendTuner {

  static final int STEPS = 10;

  private final TrainingJob job;
  private final EvaluationSettings eval;
  private final Consumer<String> progress;

  public BlendTuner(TrainingJob job, EvaluationSettings eval, Consumer<String> progress) {
    this.job = job;
    this.eval = eval;
    this.progress = progress;
  }

  /**
   * @param als the ALS settings of the run
   * @param sweeps the sweep count the evaluation's early stopping chose
   */
  public BlendChoice choose(TrainingSet set, AlsParameters als, int sweeps, BlendSetup setup) {
    if (setup.kind() == ModelKind.ALS) {
      return BlendChoice.notMeasured("model-kind als: the blend is not measured; ALS is served.");
    }
    int items = set.items().size();
    if (items > setup.maxItems()) {
      return BlendChoice.notMeasured(
          String.format(
              Locale.ROOT,
              "the catalog's %,d items are above blend-max-items "
                  + "%,d: no item-kNN lists are shipped, the blend is not offered; ALS is served.",
              items,
              setup.maxItems()));
    }
    long started = System.nanoTime();
    String metric = eval.metric();
    AlsParameters fitted = als.withIterations(sweeps);
    TemporalSplit split = job.split();

    InteractionMatrix[] trainAndValidation = job.trainAndValidation(set, split);
    Map<String, Double> validation = new LinkedHashMap<>();
    double weight =
        chooseWeight(
            trainAndValidation[0], trainAndValidation[1], fitted, setup.neighbours(), validation);
    trainAndValidation = null;

    InteractionMatrix[] measured =
        set.matrices(
            split,
            new byte[] {TemporalSplit.TRAIN, TemporalSplit.VALIDATION},
            new byte[] {TemporalSplit.TEST});
    Map<String, Map<String, Double>> test =
        measure(measured[0], measured[1], fitted, setup.neighbours(), weight, als.seed() + 1);

    double alsValue = validation.get("als");
    double knnValue = validation.get("itemKnn");
    double blendValue = validation.get("blend");
    boolean chosen;
    String decision;
    if (setup.kind() == ModelKind.BLEND) {
      chosen = true;
      decision =
          String.format(
              Locale.ROOT,
              "model-kind blend: the blend (w = %.1f) is served; validation %s blend "
                  + "%.4f, ALS %.4f, item-kNN %.4f.",
              weight,
              metric,
              blendValue,
              alsValue,
              knnValue);
    } else if (knnValue > alsValue && blendValue > alsValue) {
      chosen = true;
      decision =
          String.format(
              Locale.ROOT,
              "item-kNN beats ALS on the validation rows (%s %.4f vs %.4f): the blend "
                  + "(w = %.1f, validation %.4f) is served.",
              metric,
              knnValue,
              alsValue,
              weight,
              blendValue);
    } else {
      chosen = false;
      decision =
          String.format(
              Locale.ROOT,
              "ALS is served: on the validation rows item-kNN %s (%s %.4f vs ALS %.4f)" + "%s.",
              knnValue > alsValue ? "beats ALS" : "does not beat ALS",
              metric,
              knnValue,
              alsValue,
              blendValue > alsValue ? "" : " and no blend beats ALS");
    }
    return new BlendChoice(
        true, chosen, weight, validation, test, decision, (System.nanoTime() - started) / 1e9);
  }

  /** The best w on the validation rows; fills {@code validation} with every step's metric. */
  private double chooseWeight(
      InteractionMatrix train,
      InteractionMatrix heldOut,
      AlsParameters als,
      int neighbours,
      Map<String, Double> validation) {
    Evaluator evaluator =
        new Evaluator(train, heldOut, eval.k(), eval.maxUsers(), als.seed(), als.threads());
    ImplicitAls.Factors factors = ImplicitAls.fit(train, als);
    ItemKnnScorer knn =
        new ItemKnnScorer(train, neighbours, als.threads(), evaluator.sampledUsers());
    validation.put("als", evaluator.evaluate(() -> alsScorer(factors)).ndcg());
    validation.put("itemKnn", evaluator.evaluate(() -> knn).ndcg());
    double best = Double.NEGATIVE_INFINITY;
    double weight = 1.0;
    for (int step = 0; step <= STEPS; step++) {
      double w = (double) step / STEPS;
      double value =
          evaluator
              .evaluate(() -> new BlendScorer(alsScorer(factors), knn, train, w, eval.k()))
              .ndcg();
      validation.put(String.format(Locale.ROOT, "w=%.1f", w), value);
      progress.accept(
          String.format(
              Locale.ROOT, "  blend  w %.1f  validation %s %.4f", w, eval.metric(), value));
      if (value >= best) {
        best = value;
        weight = w;
      }
    }
    validation.put("blend", best);
    return weight;
  }

  private Map<String, Map<String, Double>> measure(
      InteractionMatrix seen,
      InteractionMatrix heldOut,
      AlsParameters als,
      int neighbours,
      double weight,
      long seed) {
    Evaluator evaluator =
        new Evaluator(seen, heldOut, eval.k(), eval.maxUsers(), seed, als.threads());
    ImplicitAls.Factors factors = ImplicitAls.fit(seen, als);
    ItemKnnScorer knn =
        new ItemKnnScorer(seen, neighbours, als.threads(), evaluator.sampledUsers());
    Map<String, Map<String, Double>> test = new LinkedHashMap<>();
    test.put("als", evaluator.evaluate(() -> alsScorer(factors)).toMap());
    test.put("itemKnn", evaluator.evaluate(() -> knn).toMap());
    test.put(
        "blend",
        evaluator
            .evaluate(() -> new BlendScorer(alsScorer(factors), knn, seen, weight, eval.k()))
            .toMap());
    return test;
  }

  private static AlsScorer alsScorer(ImplicitAls.Factors f) {
    return new AlsScorer(f.users(), f.items(), f.factors());
  }
}
