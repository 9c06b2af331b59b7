package dev.aisle.trainer.training;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.ImplicitAls;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.als.JitWarmUp;
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
 *
 * <ol>
 *   <li>{@link #evaluate}: temporal split; ALS fitted on the training rows with early stopping on
 *       the validation rows; then ALS (refitted with the chosen sweep count), popular and item-kNN,
 *       each fitted on training plus validation rows, measured on the test rows;
 *   <li>{@link #fitAll}: the model to publish, fitted on all rows.
 * </ol>
 *
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

  /** Early stopping: sweeps without improvement after which a validated fit stops. */
  public int patience() {
    return config.evaluation().patience();
  }

  public Evaluation evaluate(TrainingSet set) {
    return evaluate(set, split(), config.als());
  }

  public TemporalSplit split() {
    EvaluationSettings eval = config.evaluation();
    return TemporalSplit.of(eval.holdout(), eval.minItems(), config.als().seed(), eval.split());
  }

  /**
   * Training and validation rows of the hold-out (what early stopping and tuning fit and measure).
   */
  public InteractionMatrix[] trainAndValidation(TrainingSet set, TemporalSplit split) {
    return set.matrices(
        split, new byte[] {TemporalSplit.TRAIN}, new byte[] {TemporalSplit.VALIDATION});
  }

  /**
   * The protocol on a given split with given parameters (their iterations are the most sweeps). The
   * hold-out's matrices are built in two steps so that at most the pairs' worth of rows is held at
   * once: training and validation rows for the validated fit, then training plus validation and
   * test rows for the measured refit.
   */
  public Evaluation evaluate(TrainingSet set, TemporalSplit split, AlsParameters als) {
    long started = System.nanoTime();
    EvaluationSettings eval = config.evaluation();
    long[] counts = set.roleCounts(split);
    progress.accept(
        String.format(
            Locale.ROOT,
            "split: %d train, %d validation, %d test pairs",
            counts[TemporalSplit.TRAIN],
            counts[TemporalSplit.VALIDATION],
            counts[TemporalSplit.TEST]));
    InteractionMatrix[] fitted = trainAndValidation(set, split);
    FitResult fit = fitValidated(fitted[0], fitted[1], als, "als");
    fitted = null;

    InteractionMatrix[] measured =
        set.matrices(
            split,
            new byte[] {TemporalSplit.TRAIN, TemporalSplit.VALIDATION},
            new byte[] {TemporalSplit.TEST});
    InteractionMatrix seen = measured[0];
    InteractionMatrix test = measured[1];
    Evaluator testEvaluator =
        new Evaluator(seen, test, eval.k(), eval.maxUsers(), als.seed() + 1, als.threads());
    AlsParameters refit = als.withIterations(fit.bestIteration());
    double refitFlops = SweepFlops.perSweep(seen, refit);
    ImplicitAls.Factors refitted =
        ImplicitAls.fit(
            seen,
            refit,
            it -> {
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  refit  iteration %2d/%d  %6.2f s  %5.2f GFLOP/s",
                      it.number(),
                      refit.iterations(),
                      it.seconds(),
                      SweepFlops.gigaflopsPerSecond(refitFlops, it.seconds())));
              return true;
            });
    Map<String, Map<String, Double>> results = new LinkedHashMap<>();
    results.put(
        "als",
        testEvaluator
            .evaluate(() -> new AlsScorer(refitted.users(), refitted.items(), refitted.factors()))
            .toMap());
    PopularScorer popular = new PopularScorer(seen);
    results.put("popular", testEvaluator.evaluate(() -> popular).toMap());
    ItemKnnScorer knn =
        new ItemKnnScorer(seen, eval.knnNeighbours(), als.threads(), testEvaluator.sampledUsers());
    results.put("itemKnn", testEvaluator.evaluate(() -> knn).toMap());

    Map<String, Long> sizes = new LinkedHashMap<>();
    sizes.put("train", counts[TemporalSplit.TRAIN]);
    sizes.put("validation", counts[TemporalSplit.VALIDATION]);
    sizes.put("test", counts[TemporalSplit.TEST]);
    sizes.put("testUsers", (long) testEvaluator.users());
    return new Evaluation(
        fit.validation(),
        results,
        fit.bestIteration(),
        fit.curve(),
        sizes,
        (System.nanoTime() - started) / 1e9,
        split.describe());
  }

  /**
   * Fits on {@code train} for at most {@code params.iterations()} sweeps, measuring the validation
   * rows after each; stops after {@code patience} sweeps without improvement and returns the best.
   */
  public FitResult fitValidated(
      InteractionMatrix train, InteractionMatrix validation, AlsParameters params, String label) {
    return fitValidated(train, validation, params, label, () -> true);
  }

  /**
   * As {@link #fitValidated(InteractionMatrix, InteractionMatrix, AlsParameters, String)}, also
   * stopping after a sweep when {@code keepGoing} says no (a tuner's time budget): the best sweep
   * so far is the result.
   */
  public FitResult fitValidated(
      InteractionMatrix train,
      InteractionMatrix validation,
      AlsParameters params,
      String label,
      java.util.function.BooleanSupplier keepGoing) {
    EvaluationSettings eval = config.evaluation();
    Evaluator evaluator =
        new Evaluator(
            train, validation, eval.k(), eval.maxUsers(), params.seed(), params.threads());
    List<IterationRecord> curve = new ArrayList<>();
    Best best = new Best();
    long started = System.nanoTime();
    double flops = SweepFlops.perSweep(train, params);
    JitWarmUp.awaitOrRun(params, progress);
    ImplicitAls.Factors last =
        ImplicitAls.fit(
            train,
            params,
            it -> {
              ImplicitAls.Factors f = it.factors();
              MetricSummary summary =
                  evaluator.evaluate(() -> new AlsScorer(f.users(), f.items(), f.factors()));
              double value = summary.ndcg();
              curve.add(new IterationRecord(it.number(), it.seconds(), null, value));
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  %-6s iteration %2d/%d  %6.2f s  %5.2f GFLOP/s  validation %s %.4f",
                      label,
                      it.number(),
                      params.iterations(),
                      it.seconds(),
                      SweepFlops.gigaflopsPerSecond(flops, it.seconds()),
                      eval.metric(),
                      value));
              if (value > best.value) {
                best.value = value;
                best.iteration = it.number();
                best.metrics = summary.toMap();
                best.users = f.users().clone();
                best.items = f.items().clone();
              }
              return it.number() - best.iteration < eval.patience() && keepGoing.getAsBoolean();
            });
    ImplicitAls.Factors factors =
        best.users == null ? last : new ImplicitAls.Factors(best.users, best.items, last.factors());
    return new FitResult(
        factors,
        Math.max(1, best.iteration),
        best.metrics,
        curve,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * The best sweep so far of a validated fit (a copy of its factors: later sweeps overwrite them).
   */
  private static final class Best {
    double value = Double.NEGATIVE_INFINITY;
    int iteration;
    Map<String, Double> metrics = Map.of();
    float[] users;
    float[] items;
  }

  /**
   * The model to publish: all rows, {@code iterations} sweeps, with the loss after each.
   *
   * @param warmStart sets the starting item factors it knows (null: random, as a first run)
   */
  public FitResult fitAll(
      TrainingSet set, int iterations, java.util.function.Consumer<float[]> warmStart) {
    AlsParameters params = config.als().withIterations(iterations);
    List<IterationRecord> curve = new ArrayList<>();
    long started = System.nanoTime();
    double flops = SweepFlops.perSweep(set.matrix(), params);
    JitWarmUp.awaitOrRun(params, progress);
    ImplicitAls.Factors factors =
        ImplicitAls.fit(
            set.matrix(),
            params,
            warmStart,
            it -> {
              // a loss costs about as much as a sweep: without the curve none is computed
              if (!config.lossCurve()) {
                curve.add(new IterationRecord(it.number(), it.seconds(), null, null));
                progress.accept(
                    String.format(
                        Locale.ROOT,
                        "  final  iteration %2d/%d  %6.2f s  %5.2f GFLOP/s",
                        it.number(),
                        iterations,
                        it.seconds(),
                        SweepFlops.gigaflopsPerSecond(flops, it.seconds())));
                return true;
              }
              double loss = it.loss();
              curve.add(new IterationRecord(it.number(), it.seconds(), loss, null));
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  final  iteration %2d/%d  %6.2f s  %5.2f GFLOP/s  loss %.4e",
                      it.number(),
                      iterations,
                      it.seconds(),
                      SweepFlops.gigaflopsPerSecond(flops, it.seconds()),
                      loss));
              return true;
            });
    return new FitResult(factors, iterations, Map.of(), curve, (System.nanoTime() - started) / 1e9);
  }

  /**
   * An incremental run's partial sweep: from the previous run's factors, only the selected rows are
   * re-solved, for {@code iterations} sweeps; every other row keeps its factors bit for bit.
   */
  public FitResult refit(
      InteractionMatrix matrix, int iterations, TrainingState.Prior prior, RowSelection rows) {
    AlsParameters params = config.als().withIterations(iterations);
    List<IterationRecord> curve = new ArrayList<>();
    long started = System.nanoTime();
    JitWarmUp.awaitOrRun(params, progress);
    ImplicitAls.Factors factors =
        ImplicitAls.refit(
            matrix,
            params,
            prior.users(),
            prior.items(),
            rows.users(),
            rows.items(),
            it -> {
              curve.add(new IterationRecord(it.number(), it.seconds(), null, null));
              progress.accept(
                  String.format(
                      Locale.ROOT,
                      "  refit  iteration %2d/%d  %6.2f s  (%d shoppers, %d items)",
                      it.number(),
                      iterations,
                      it.seconds(),
                      rows.users().length,
                      rows.items().length));
              return true;
            });
    return new FitResult(factors, iterations, Map.of(), curve, (System.nanoTime() - started) / 1e9);
  }
}
