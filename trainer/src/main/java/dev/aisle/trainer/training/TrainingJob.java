package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.metrics.MetricSummary;
import dev.aisle.trainer.evaluation.AlsScorer;
import dev.aisle.trainer.evaluation.Evaluator;
import dev.aisle.trainer.evaluation.ItemKnnScorer;
import dev.aisle.trainer.evaluation.PopularScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training protocol shared by the commands:
 * <ol>
 *   <li>{@link #evaluate}: temporal split; ALS fitted on the training rows with early stopping on
 *       the validation rows; then ALS (refitted with the chosen sweep count), popular and item-kNN,
 *       each fitted on training plus validation rows, measured on the test rows;
 *   <li>{@link #fitAll}: the model to publish, fitted on all rows.
 * </ol>
 * Progress goes to {@code progress}, one line per sweep.
 */
public final class TrainingJob {

  private final TrainingConfig config;
  private final Consumer<String> progress;

  public TrainingJob(TrainingConfig config, Consumer<String> progress) {
    this.config = config;
    this.progress = progress;
  }

  /** The metric early stopping and tuning maximize, e.g. {@code ndcg@10}. */
  public String metric() {
    return config.evaluation().metric();
  }

  public Evaluation evaluate(PairTable pairs) {
    return evaluate(split(pairs), config.als());
  }

  public TemporalSplit split(PairTable pairs) {
    EvaluationSettings eval = config.evaluation();
    return TemporalSplit.split(pairs, eval.holdout(), eval.minItems(), config.als().seed());
  }

  /** The protocol on a given split with given parameters (their iterations are the most sweeps). */
  public Evaluation evaluate(TemporalSplit split, AlsParameters als) {
    long started = System.nanoTime();
    EvaluationSettings eval = config.evaluation();
    InteractionMatrix train = split.train();
    InteractionMatrix validation = split.validation();
    progress.accept(String.format(Locale.ROOT, "split: %d train, %d validation, %d test pairs",
        split.count(TemporalSplit.TRAIN), split.count(TemporalSplit.VALIDATION), split.count(TemporalSplit.TEST)));
    FitResult fit = fitValidated(train, validation, als, "als");

    InteractionMatrix seen = split.trainAndValidation();
    InteractionMatrix test = split.test();
    Evaluator testEvaluator = new Evaluator(seen, test, eval.k(), eval.maxUsers(), als.seed() + 1, als.threads());
    AlsParameters refit = als.withIterations(fit.bestIteration());
    ImplicitAls.Factors refitted = ImplicitAls.fit(seen, refit, it -> {
      progress.accept(String.format(Locale.ROOT, "  refit  iteration %2d/%d  %6.2f s", it.number(), refit.iterations(),
          it.seconds()));
      return true;
    });
    Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    results.put("als", testEvaluator.evaluate(() -> new AlsScorer(refitted.users(), refitted.items(), refitted.factors()))
        .toMap());
    PopularScorer popular = new PopularScorer(seen);
    results.put("popular", testEvaluator.evaluate(() -> popular).toMap());
    ItemKnnScorer knn = new ItemKnnScorer(seen, eval.knnNeighbours(), als.threads());
    results.put("itemKnn", testEvaluator.evaluate(() -> knn).toMap());

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("train", split.count(TemporalSplit.TRAIN));
    counts.put("validation", split.count(TemporalSplit.VALIDATION));
    counts.put("test", split.count(TemporalSplit.TEST));
    counts.put("testUsers", (long) testEvaluator.users());
    return new Evaluation(fit.validation(), results, fit.bestIteration(), fit.curve(), counts,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Fits on {@code train} for at most {@code params.iterations()} sweeps, measuring the validation
   * rows after each; stops after {@code patience} sweeps without improvement and returns the best.
   */
  public FitResult fitValidated(InteractionMatrix train, InteractionMatrix validation, AlsParameters params,
      String label) {
    EvaluationSettings eval = config.evaluation();
    Evaluator evaluator = new Evaluator(train, validation, eval.k(), eval.maxUsers(), params.seed(), params.threads());
    List<IterationRecord> curve = new ArrayList<>();
    Best best = new Best();
    long started = System.nanoTime();
    ImplicitAls.Factors last = ImplicitAls.fit(train, params, it -> {
      ImplicitAls.Factors f = it.factors();
      MetricSummary summary = evaluator.evaluate(() -> new AlsScorer(f.users(), f.items(), f.factors()));
      double value = summary.ndcg();
      curve.add(new IterationRecord(it.number(), it.seconds(), null, value));
      progress.accept(String.format(Locale.ROOT, "  %-6s iteration %2d/%d  %6.2f s  validation %s %.4f", label,
          it.number(), params.iterations(), it.seconds(), eval.metric(), value));
      if (value > best.value) {
        best.value = value;
        best.iteration = it.number();
        best.metrics = summary.toMap();
        best.users = f.users().clone();
        best.items = f.items().clone();
      }
      return it.number() - best.iteration < eval.patience();
    });
    ImplicitAls.Factors factors = best.users == null ? last : new ImplicitAls.Factors(best.users, best.items,
        last.factors());
    return new FitResult(factors, Math.max(1, best.iteration), best.metrics, curve,
        (System.nanoTime() - started) / 1e9);
  }

  /** The best sweep so far of a validated fit (a copy of its factors: later sweeps overwrite them). */
  private static final class Best {
    double value = Double.NEGATIVE_INFINITY;
    int iteration;
    Map<String, Double> metrics = Map.of();
    float[] users;
    float[] items;
  }

  /** The model to publish: all rows, {@code iterations} sweeps, with the loss after each. */
  public FitResult fitAll(PairTable pairs, int iterations) {
    AlsParameters params = config.als().withIterations(iterations);
    List<IterationRecord> curve = new ArrayList<>();
    long started = System.nanoTime();
    ImplicitAls.Factors factors = ImplicitAls.fit(pairs.matrix(null), params, it -> {
      double loss = it.loss();
      curve.add(new IterationRecord(it.number(), it.seconds(), loss, null));
      progress.accept(String.format(Locale.ROOT, "  final  iteration %2d/%d  %6.2f s  loss %.4e", it.number(),
          iterations, it.seconds(), loss));
      return true;
    });
    return new FitResult(factors, iterations, Map.of(), curve, (System.nanoTime() - started) / 1e9);
  }
}
