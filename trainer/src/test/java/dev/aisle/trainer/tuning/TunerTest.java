package dev.aisle.trainer.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.als.AlsParameters;
import dev.aisle.als.InteractionMatrix;
import dev.aisle.trainer.hygiene.HygieneRules;
import dev.aisle.trainer.model.ModelBuilder;
import dev.aisle.trainer.training.EvaluationSettings;
import dev.aisle.trainer.training.TrainingConfig;
import dev.aisle.trainer.training.TrainingJob;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TunerTest {

  private static final AlsParameters DEFAULTS =
      new AlsParameters(8, 8, 1f, 1f, AlsParameters.Solver.CG, 3, 7L, 2);
  private static InteractionMatrix train;
  private static InteractionMatrix validation;

  /**
   * 300 users in 6 taste groups over 120 items; each user's validation items come from their group.
   */
  @BeforeAll
  static void plantedTastes() {
    Random random = new Random(11);
    int users = 300;
    int items = 120;
    List<int[]> trainPairs = new ArrayList<>();
    List<int[]> validationPairs = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int group = u % 6;
      for (int n = 0; n < 12; n++) {
        int item = group * 20 + random.nextInt(20);
        (n < 10 ? trainPairs : validationPairs).add(new int[] {u, item});
      }
      trainPairs.add(new int[] {u, random.nextInt(items)});
    }
    train = matrix(users, items, trainPairs);
    validation = matrix(users, items, validationPairs);
  }

  private static InteractionMatrix matrix(int users, int items, List<int[]> pairs) {
    int[] r = new int[pairs.size()];
    int[] c = new int[pairs.size()];
    float[] w = new float[pairs.size()];
    for (int n = 0; n < pairs.size(); n++) {
      r[n] = pairs.get(n)[0];
      c[n] = pairs.get(n)[1];
      w[n] = 1f;
    }
    return InteractionMatrix.fromTriplets(users, items, r, c, w, pairs.size());
  }

  private static TrainingJob job() {
    TrainingConfig config =
        new TrainingConfig(
            DEFAULTS,
            EventWeights.defaults(),
            Duration.ofDays(14),
            HygieneRules.defaults(),
            new EvaluationSettings(10, 0.2, 3, 0, 2, 50),
            new ModelBuilder.Lists(0, 10, 5),
            true,
            false);
    return new TrainingJob(config, line -> {});
  }

  @Test
  void keepsTheDefaultsWhenTheSpaceHoldsOnlyWorseSettings() {
    // a huge regularization and confidence slope: every sample is far worse than the defaults
    SearchSpace worse =
        new SearchSpace(
            new SearchSpace.Range(8, 8),
            new SearchSpace.Range(500, 1000),
            new SearchSpace.Range(50, 100));

    Tuner.Result result =
        new Tuner(job(), line -> {})
            .tune(train, validation, DEFAULTS, worse, new Tuner.Budget(4, null), 0.005, 3);

    assertThat(result.tuned()).isFalse();
    assertThat(result.chosen()).isSameAs(result.defaults());
    assertThat(result.best().validation()).isLessThan(result.defaults().validation());
    AlsParameters chosen = result.chosenParameters();
    assertThat(chosen.factors()).isEqualTo(DEFAULTS.factors());
    assertThat(chosen.regularization()).isEqualTo(DEFAULTS.regularization());
    assertThat(chosen.alpha()).isEqualTo(DEFAULTS.alpha());
    assertThat(chosen.iterations()).isEqualTo(result.defaults().bestIteration());
    assertThat(result.decision()).contains("DEFAULTS KEPT");
  }

  @Test
  void neverChoosesASettingThatMeasuredWorseThanTheDefaults() {
    for (long seed = 1; seed <= 3; seed++) {
      Tuner.Result result =
          new Tuner(job(), line -> {})
              .tune(
                  train,
                  validation,
                  DEFAULTS,
                  new SearchSpace(
                      new SearchSpace.Range(8, 32),
                      new SearchSpace.Range(1e-3, 1e3),
                      new SearchSpace.Range(1e-2, 1e2)),
                  new Tuner.Budget(3, null),
                  0.005,
                  seed);
      assertThat(result.chosen().validation())
          .isGreaterThanOrEqualTo(result.defaults().validation());
      if (result.tuned()) {
        assertThat(result.chosen().validation())
            .isGreaterThan(result.defaults().validation() * 1.005);
        assertThat(result.chosenParameters().iterations())
            .isEqualTo(result.chosen().bestIteration());
      }
    }
  }

  @Test
  void aMarginTheBestCannotReachKeepsTheDefaults() {
    SearchSpace near =
        new SearchSpace(
            new SearchSpace.Range(8, 16),
            new SearchSpace.Range(0.5, 2),
            new SearchSpace.Range(0.5, 2));
    Tuner.Result result =
        new Tuner(job(), line -> {})
            .tune(train, validation, DEFAULTS, near, new Tuner.Budget(3, null), 10.0, 5);
    assertThat(result.tuned()).isFalse();
    assertThat(result.chosenParameters().regularization()).isEqualTo(DEFAULTS.regularization());
  }

  @Test
  void successiveHalvingGivesTheSurvivorsMoreSweeps() {
    assertThat(Tuner.rungs(1)).isEqualTo(1);
    assertThat(Tuner.rungs(2)).isEqualTo(1);
    assertThat(Tuner.rungs(3)).isEqualTo(2);
    assertThat(Tuner.rungs(8)).isEqualTo(2);
    assertThat(Tuner.rungs(9)).isEqualTo(3);
    assertThat(Tuner.sweeps(15, 2)).isEqualTo(2);
    assertThat(Tuner.sweeps(15, 1)).isEqualTo(5);
    assertThat(Tuner.sweeps(15, 0)).isEqualTo(15);

    Tuner.Result result =
        new Tuner(job(), line -> {})
            .tune(
                train,
                validation,
                DEFAULTS,
                new SearchSpace(
                    new SearchSpace.Range(8, 16),
                    new SearchSpace.Range(0.1, 10),
                    new SearchSpace.Range(0.1, 10)),
                new Tuner.Budget(9, null),
                0.005,
                9);
    long first = result.trials().stream().filter(t -> t.rung() == 1).count();
    long second = result.trials().stream().filter(t -> t.rung() == 2).count();
    assertThat(first).isEqualTo(9);
    assertThat(second).isBetween(1L, 3L);
    assertThat(result.trials().stream().filter(t -> t.rung() == 1)).allMatch(t -> t.sweeps() == 2);
  }

  @Test
  void aTimeBudgetStopsTheSearchButTheDefaultsAreAlwaysMeasured() {
    Tuner.Result result =
        new Tuner(job(), line -> {})
            .tune(
                train,
                validation,
                DEFAULTS,
                SearchSpace.wide(),
                new Tuner.Budget(0, Duration.ofNanos(1)),
                0.005,
                1);
    assertThat(result.defaults().validation()).isPositive();
    assertThat(result.tuned()).isFalse();
    assertThat(result.chosenParameters().factors()).isEqualTo(DEFAULTS.factors());
  }

  @Test
  void samplesLogUniformlyWithinTheRangesAndRepeatsForASeed() {
    SearchSpace space = SearchSpace.wide();
    Random a = new Random(4);
    Random b = new Random(4);
    int belowOne = 0;
    for (int n = 0; n < 2000; n++) {
      SearchSpace.Point p = space.sample(a);
      assertThat(space.sample(b)).isEqualTo(p);
      assertThat(p.factors()).isBetween(8, 512);
      assertThat(p.factors() % 8).isZero();
      assertThat(p.regularization()).isBetween(1e-3f, 1e3f);
      assertThat(p.alpha()).isBetween(1e-2f, 1e2f);
      belowOne += p.regularization() < 1 ? 1 : 0;
    }
    // log-uniform over 1e-3..1e3: half the draws below 1 (uniform would give 0.1 %)
    assertThat(belowOne).isBetween(900, 1100);
  }

  @Test
  void rangesParseAndRefuseNonsense() {
    assertThat(SearchSpace.Range.parse("8:512", "--factors-range"))
        .isEqualTo(new SearchSpace.Range(8, 512));
    assertThat(SearchSpace.Range.parse("2", "--lambda-range"))
        .isEqualTo(new SearchSpace.Range(2, 2));
    assertThatThrownBy(() -> SearchSpace.Range.parse("0:8", "--factors-range"))
        .hasMessageContaining("--factors-range");
    assertThatThrownBy(() -> SearchSpace.Range.parse("9:1", "--alpha-range"))
        .hasMessageContaining("--alpha-range");
    assertThatThrownBy(() -> SearchSpace.Range.parse("a:b", "--alpha-range"))
        .hasMessageContaining("MIN:MAX");
  }
}
