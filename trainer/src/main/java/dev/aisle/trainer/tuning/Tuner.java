package dev.aisle.trainer.tuning;

import dev.aisle.als.AlsParameters;
import dev.aisle.trainer.training.FitResult;
import dev.aisle.trainer.training.IterationRecord;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.training.TrainingJob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Grid or random search: each trial fits on the training rows and stops early on the validation
 * rows (never the test rows); the best trial is the one with the highest validation metric. With
 * {@code trials} at least the grid size every point is tried (grid search), else a seeded random
 * sample of the grid.
 */
public final class Tuner {

  private final TrainingJob job;
  private final Consumer<String> progress;

  public Tuner(TrainingJob job, Consumer<String> progress) {
    this.job = job;
    this.progress = progress;
  }

  /** One tried point: its parameters, the sweep count early stopping kept and its validation metric. */
  public record Trial(Map<String, Object> parameters, int bestIteration, double validation,
      List<IterationRecord> curve, double seconds) {}

  public record Result(List<Trial> trials, Trial best, AlsParameters bestParameters) {}

  /** @param train the hold-out's training rows; {@code validation} its validation rows */
  public Result tune(InteractionMatrix train, InteractionMatrix validation, AlsParameters base, SearchSpace space,
      int trials, long seed) {
    List<SearchSpace.Point> points = new ArrayList<>(space.grid());
    if (trials < points.size()) {
      Collections.shuffle(points, new Random(seed));
      points = points.subList(0, Math.max(1, trials));
    }
    List<Trial> done = new ArrayList<>();
    Trial best = null;
    AlsParameters bestParams = null;
    for (int n = 0; n < points.size(); n++) {
      SearchSpace.Point p = points.get(n);
      AlsParameters params = base.withFactors(p.factors()).withRegularization(p.regularization()).withAlpha(p.alpha());
      progress.accept(String.format(Locale.ROOT, "trial %d/%d: factors %d, regularization %g, alpha %g", n + 1,
          points.size(), p.factors(), p.regularization(), p.alpha()));
      FitResult fit = job.fitValidated(train, validation, params, "trial");
      double value = fit.validation().getOrDefault(job.metric(), 0.0);
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("factors", p.factors());
      values.put("regularization", p.regularization());
      values.put("alpha", p.alpha());
      values.put("iterations", fit.bestIteration());
      Trial trial = new Trial(values, fit.bestIteration(), value, fit.curve(), fit.seconds());
      done.add(trial);
      progress.accept(String.format(Locale.ROOT, "trial %d/%d: best iteration %d, validation %.4f (%.1f s)", n + 1,
          points.size(), fit.bestIteration(), value, fit.seconds()));
      if (best == null || value > best.validation()) {
        best = trial;
        bestParams = params.withIterations(fit.bestIteration());
      }
    }
    return new Result(done, best, bestParams);
  }
}
