package dev.aisle.trainer.tuning;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.IterationRecord;
import dev.aisle.trainer.training.TrainingJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random search with successive halving, guarded by the defaults.
 *
 * <ol>
 *   <li>The defaults (the settings the run would use untuned) are fitted first with all their
 *       sweeps: they are the reference every tuned setting must beat.
 *   <li>Points are drawn log-uniformly from the {@link SearchSpace} in brackets of up to {@value
 *       #BRACKET} points. A bracket fits all of them with few sweeps, keeps the best third by
 *       validation metric, fits those with three times the sweeps, and so on up to the most sweeps;
 *       early stopping picks each fit's sweep count. Brackets repeat until the trial or time budget
 *       is spent (time is checked after every sweep: a fit cut short by the deadline keeps its best
 *       sweep so far, a valid measurement of those settings at that sweep count; a run overshoots
 *       by at most one sweep and its validation).
 *   <li>Every fit is on the training rows, measured on the validation rows (never the test rows).
 *       The best fit of all wins only if its validation metric beats the defaults' by the relative
 *       margin {@code minGain}; otherwise the defaults are kept. So a tuner run never returns a
 *       setting that measured worse than the defaults on validation.
 * </ol>
 */
public final class Tuner {

  /** Points per successive-halving bracket (η² with η = 3: three rungs). */
  static final int BRACKET = 9;

  /** Each rung keeps the best 1/η of its fits and gives them η times the sweeps. */
  static final int ETA = 3;

  /** The fewest sweeps a first-rung fit gets. */
  static final int MIN_SWEEPS = 2;

  private final TrainingJob job;
  private final Consumer<String> progress;

  public Tuner(TrainingJob job, Consumer<String> progress) {
    this.job = job;
    this.progress = progress;
  }

  /**
   * How much tuning a run may spend.
   *
   * @param trials most sampled points (0: no limit, then {@code time} must be set)
   * @param time most wall time (null: no limit, then {@code trials} must be positive)
   */
  public record Budget(int trials, Duration time) {

    public Budget {
      if (trials < 0) {
        throw new IllegalArgumentException("--trials must be >= 0, got " + trials);
      }
      if (time != null && (time.isNegative() || time.isZero())) {
        throw new IllegalArgumentException("the tuning budget must be a positive duration");
      }
      if (trials == 0 && time == null) {
        throw new IllegalArgumentException(
            "tuning needs a budget: --trials N and/or a time budget");
      }
    }

    @Override
    public String toString() {
      return (trials > 0 ? trials + " trials" : "unlimited trials")
          + (time != null ? ", " + time : "");
    }
  }

  /**
   * One fit: its parameters (with the sweep count early stopping chose as {@code iterations}), the
   * sweeps it was allowed, and its validation metric.
   *
   * @param rung 0 for the defaults' reference fit, then 1, 2, … per successive-halving rung
   */
  public record Trial(
      Map<String, Object> parameters,
      int rung,
      int sweeps,
      int bestIteration,
      double validation,
      List<IterationRecord> curve,
      double seconds) {

    AlsParameters apply(AlsParameters base) {
      return base.withFactors(((Number) parameters.get("factors")).intValue())
          .withRegularization(((Number) parameters.get("regularization")).floatValue())
          .withAlpha(((Number) parameters.get("alpha")).floatValue())
          .withIterations(bestIteration);
    }
  }

  /**
   * @param defaults the reference fit of the untuned settings
   * @param best the tuned fit with the highest validation metric (null if time allowed none)
   * @param chosen what to use: {@code best} when it beat the defaults by the margin, else {@code
   *     defaults}
   * @param chosenParameters {@code chosen}'s settings, iterations = its early-stopped sweep count
   * @param tuned whether {@code chosen} is a tuned setting
   * @param decision one sentence saying which was chosen and why
   */
  public record Result(
      List<Trial> trials,
      Trial defaults,
      Trial best,
      Trial chosen,
      AlsParameters chosenParameters,
      boolean tuned,
      String decision,
      double seconds) {}

  /**
   * @param train the hold-out's training rows; {@code validation} its validation rows
   * @param defaults the untuned settings (their iterations are the most sweeps of any fit)
   * @param minGain relative margin the best tuned setting must beat the defaults by (e.g. 0.005)
   */
  public Result tune(
      InteractionMatrix train,
      InteractionMatrix validation,
      AlsParameters defaults,
      SearchSpace space,
      Budget budget,
      double minGain,
      long seed) {
    if (!(minGain >= 0)) {
      throw new IllegalArgumentException("--min-gain must be >= 0, got " + minGain);
    }
    long started = System.nanoTime();
    long deadline = budget.time() == null ? Long.MAX_VALUE : started + budget.time().toNanos();
    int maxSweeps = defaults.iterations();
    List<Trial> done = new ArrayList<>();
    progress.accept(
        String.format(
            Locale.ROOT,
            "tune: reference fit of the defaults (factors %d, regularization %g, "
                + "alpha %g), budget %s",
            defaults.factors(),
            defaults.regularization(),
            defaults.alpha(),
            budget));
    // the reference always runs to the end: the guard needs its full measurement
    Trial reference = fit(train, validation, defaults, 0, maxSweeps, "defaults", Long.MAX_VALUE);
    done.add(reference);

    Random random = new Random(seed);
    int sampled = 0;
    Trial best = null;
    while ((budget.trials() == 0 || sampled < budget.trials()) && System.nanoTime() < deadline) {
      int size = budget.trials() == 0 ? BRACKET : Math.min(BRACKET, budget.trials() - sampled);
      List<AlsParameters> bracket = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        SearchSpace.Point p = space.sample(random);
        bracket.add(
            defaults
                .withFactors(p.factors())
                .withRegularization(p.regularization())
                .withAlpha(p.alpha()));
      }
      sampled += size;
      for (Trial t : bracket(train, validation, bracket, maxSweeps, deadline, sampled - size)) {
        done.add(t);
        if (best == null || t.validation() > best.validation()) {
          best = t;
        }
      }
    }

    boolean tuned = best != null && best.validation() > reference.validation() * (1 + minGain);
    Trial chosen = tuned ? best : reference;
    String decision = decision(reference, best, tuned, minGain);
    progress.accept("tune: " + decision);
    return new Result(
        done,
        reference,
        best,
        chosen,
        tuned ? best.apply(defaults) : defaults.withIterations(reference.bestIteration()),
        tuned,
        decision,
        (System.nanoTime() - started) / 1e9);
  }

  /** One successive-halving bracket; returns every fit it made (stops early at the deadline). */
  private List<Trial> bracket(
      InteractionMatrix train,
      InteractionMatrix validation,
      List<AlsParameters> points,
      int maxSweeps,
      long deadline,
      int firstNumber) {
    int rungs = rungs(points.size());
    List<Trial> fits = new ArrayList<>();
    List<Integer> alive = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      alive.add(i);
    }
    Map<Integer, Trial> previous = Map.of();
    for (int rung = 0; rung < rungs && !alive.isEmpty(); rung++) {
      int sweeps = sweeps(maxSweeps, rungs - 1 - rung);
      Map<Integer, Trial> results = new LinkedHashMap<>();
      for (int i : alive) {
        Trial before = previous.get(i);
        if (before != null
            && (before.curve().size() < before.sweeps()
                || before.curve().size() - before.bestIteration() >= job.patience())) {
          // early stopping ended it (before or at its cap): more sweeps give the same fit (same
          // seed)
          results.put(i, before);
          continue;
        }
        if (System.nanoTime() >= deadline) {
          progress.accept("tune: time budget spent");
          return fits;
        }
        Trial t =
            fit(
                train,
                validation,
                points.get(i),
                rung + 1,
                sweeps,
                "trial " + (firstNumber + i + 1) + ", rung " + (rung + 1),
                deadline);
        results.put(i, t);
        fits.add(t);
      }
      previous = results;
      int keep = (int) Math.ceil(alive.size() / (double) ETA);
      alive =
          results.entrySet().stream()
              .sorted(
                  Comparator.comparingDouble(
                          (Map.Entry<Integer, Trial> e) -> e.getValue().validation())
                      .reversed())
              .limit(keep)
              .map(Map.Entry::getKey)
              .toList();
    }
    return fits;
  }

  /** Rungs of a bracket of {@code n} points: 1 for 1–2 points, 2 for 3–8, 3 from 9. */
  static int rungs(int n) {
    int rungs = 1;
    for (int m = n; m >= ETA && rungs < 3; m /= ETA) {
      rungs++;
    }
    return rungs;
  }

  /**
   * Sweeps {@code below} rungs under the top one: maxSweeps / η^below, at least {@link
   * #MIN_SWEEPS}.
   */
  static int sweeps(int maxSweeps, int below) {
    int s = (int) Math.ceil(maxSweeps / Math.pow(ETA, below));
    return Math.min(maxSweeps, Math.max(MIN_SWEEPS, s));
  }

  private Trial fit(
      InteractionMatrix train,
      InteractionMatrix validation,
      AlsParameters params,
      int rung,
      int sweeps,
      String label,
      long deadline) {
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: factors %d, regularization %.4g, alpha %.4g, at most %d sweeps",
            label,
            params.factors(),
            params.regularization(),
            params.alpha(),
            sweeps));
    FitResult fit =
        job.fitValidated(
            train,
            validation,
            params.withIterations(sweeps),
            rung == 0 ? "ref" : "trial",
            () -> System.nanoTime() < deadline);
    double value = fit.validation().getOrDefault(job.metric(), 0.0);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("factors", params.factors());
    values.put("regularization", params.regularization());
    values.put("alpha", params.alpha());
    values.put("iterations", fit.bestIteration());
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: best sweep %d, validation %s %.4f (%.1f s)",
            label,
            fit.bestIteration(),
            job.metric(),
            value,
            fit.seconds()));
    return new Trial(values, rung, sweeps, fit.bestIteration(), value, fit.curve(), fit.seconds());
  }

  private String decision(Trial reference, Trial best, boolean tuned, double minGain) {
    String metric = job.metric();
    if (best == null) {
      return String.format(
          Locale.ROOT,
          "the budget allowed no tuned fit: keeping the defaults (validation %s %.4f)",
          metric,
          reference.validation());
    }
    String gain =
        String.format(
            Locale.ROOT, "%+.1f %%", 100 * (best.validation() / reference.validation() - 1));
    if (tuned) {
      return String.format(
          Locale.ROOT,
          "tuned settings chosen: validation %s %.4f vs the defaults' %.4f (%s, "
              + "margin %.1f %%)",
          metric,
          best.validation(),
          reference.validation(),
          gain,
          100 * minGain);
    }
    return String.format(
        Locale.ROOT,
        "DEFAULTS KEPT: the best tuned setting reached validation %s %.4f vs the "
            + "defaults' %.4f (%s), not better by the %.1f %% margin",
        metric,
        best.validation(),
        reference.validation(),
        gain,
        100 * minGain);
  }
}
