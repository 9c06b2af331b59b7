package dev.aisle.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.event.EventType;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.ModelManifest;
import dev.aisle.state.UserState.RecentEvent;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldInTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final int K = 8;

  @Test
  void solvesTheImplicitAlsNormalEquations() {
    FactorMatrix y = randomFactors(40, K, 1);
    FoldIn.Parameters params = new FoldIn.Parameters(10f, 0.1f, EventWeights.defaults());
    FoldIn foldIn = new FoldIn(ids(40), y, params);
    List<RecentEvent> events =
        List.of(
            event("i3", EventType.CLICK),
            event("i7", EventType.PURCHASE),
            event("i3", EventType.VIEW),
            event("i20", EventType.ADD_TO_CART));

    float[] x = foldIn.fold(events, NOW).vector();

    // (YᵀY + λI + Σ (c−1) yᵢyᵢᵀ) x = Σ cᵢ yᵢ, with w(i3) = click + view = 3, w(i7) = 8, w(i20) = 4
    int[] rows = {3, 7, 20};
    double[] w = {3, 8, 4};
    double[] residual = new double[K];
    for (int a = 0; a < K; a++) {
      double ax = params.regularization() * x[a];
      for (int item = 0; item < y.rows(); item++) {
        double yx = 0;
        for (int b = 0; b < K; b++) {
          yx += y.get(item, b) * x[b];
        }
        ax += y.get(item, a) * yx;
      }
      double rhs = 0;
      for (int n = 0; n < rows.length; n++) {
        double c = 1 + params.alpha() * w[n];
        double yx = 0;
        for (int b = 0; b < K; b++) {
          yx += y.get(rows[n], b) * x[b];
        }
        ax += (c - 1) * y.get(rows[n], a) * yx;
        rhs += c * y.get(rows[n], a);
      }
      residual[a] = ax - rhs;
    }
    for (double r : residual) {
      assertThat(r).isCloseTo(0.0, within(2e-3));
    }
  }

  @Test
  void matchesTheTrainedUserFactorsOfTheLastUserStep() {
    int users = 30;
    int items = 50;
    Random random = new Random(7);
    int[] r = new int[300];
    int[] c = new int[300];
    float[] w = new float[300];
    for (int n = 0; n < r.length; n++) {
      r[n] = random.nextInt(users);
      c[n] = random.nextInt(items);
      w[n] = EventWeights.defaults().weight(EventType.CLICK, null);
    }
    InteractionMatrix byUser = InteractionMatrix.fromTriplets(users, items, r, c, w, r.length);
    InteractionMatrix byItem = byUser.transpose();
    float alpha = 5f;
    float lambda = 0.2f;
    float[] x = randomFactors(users, K, 2).data();
    float[] y = randomFactors(items, K, 3).data();
    ImplicitSolver solver = new ImplicitSolver(K);
    for (int iteration = 0; iteration < 3; iteration++) {
      halfStep(solver, byUser, x, users, y, alpha, lambda);
      halfStep(solver, byItem, y, items, x, alpha, lambda);
    }
    halfStep(solver, byUser, x, users, y, alpha, lambda);

    FoldIn foldIn =
        new FoldIn(
            ids(items),
            new FactorMatrix(y, items, K),
            new FoldIn.Parameters(alpha, lambda, EventWeights.defaults()));
    for (int user = 0; user < users; user++) {
      List<RecentEvent> events = new ArrayList<>();
      for (int n = byUser.rowStart(user); n < byUser.rowEnd(user); n++) {
        // a pair seen twice was summed to 2 clicks' weight; send it as that many clicks
        for (int times = 0; times < Math.round(byUser.values()[n] / 2f); times++) {
          events.add(event("i" + byUser.cols()[n], EventType.CLICK));
        }
      }
      float[] folded = foldIn.fold(events, NOW).vector();
      for (int d = 0; d < K; d++) {
        assertThat(folded[d]).isCloseTo(x[user * K + d], within(1e-4f));
      }
    }
  }

  @Test
  void aShopperWhoClicksOneClusterScoresItHigher() {
    // items 0-9 point one way, items 10-19 another: a planted two-taste catalogue
    int items = 20;
    float[] data = new float[items * K];
    Random random = new Random(11);
    for (int i = 0; i < items; i++) {
      int axis = i < 10 ? 0 : 1;
      data[i * K + axis] = 1f;
      for (int d = 2; d < K; d++) {
        data[i * K + d] = (float) random.nextGaussian() * 0.01f;
      }
    }
    FoldIn foldIn =
        new FoldIn(
            ids(items),
            new FactorMatrix(data, items, K),
            new FoldIn.Parameters(40f, 1f, EventWeights.defaults()));

    float[] x =
        foldIn
            .fold(List.of(event("i2", EventType.CLICK), event("i5", EventType.PURCHASE)), NOW)
            .vector();

    for (int a = 0; a < 10; a++) {
      for (int b = 10; b < items; b++) {
        assertThat(score(x, data, a)).isGreaterThan(score(x, data, b));
      }
    }
  }

  @Test
  void countsUnknownItemsAndFoldsTheRest() {
    FoldIn foldIn = new FoldIn(ids(10), randomFactors(10, K, 4), FoldIn.Parameters.defaults());

    FoldIn.Result result =
        foldIn.fold(
            List.of(
                event("i1", EventType.VIEW),
                event("new-item", EventType.CLICK),
                event("other", EventType.VIEW)),
            NOW);

    assertThat(result.knownEvents()).isEqualTo(1);
    assertThat(result.unknownEvents()).isEqualTo(2);
    assertThat(result.vector()).hasSize(K);
    assertThat(result.vector())
        .isEqualTo(foldIn.fold(List.of(event("i1", EventType.VIEW)), NOW).vector());
  }

  @Test
  void anEmptyVectorWhenNothingCarriesAPreference() {
    FoldIn foldIn = new FoldIn(ids(10), randomFactors(10, K, 5), FoldIn.Parameters.defaults());

    assertThat(foldIn.fold(List.of(), NOW).vector()).isEmpty();
    assertThat(foldIn.fold(List.of(event("unknown", EventType.PURCHASE)), NOW).vector()).isEmpty();
    // a rating at the midpoint has weight 0: no positive signal
    RecentEvent lukewarm = new RecentEvent("e", "i1", EventType.RATING, 2.5, NOW);
    assertThat(foldIn.fold(List.of(lukewarm), NOW).vector()).isEmpty();
  }

  @Test
  void repeatedEventsOnAnItemAreSummedLikeTraining() {
    FoldIn foldIn = new FoldIn(ids(10), randomFactors(10, K, 6), FoldIn.Parameters.defaults());

    float[] twoViews =
        foldIn
            .fold(List.of(event("i4", EventType.VIEW), event("i4", EventType.VIEW)), NOW)
            .vector();
    float[] oneClick = foldIn.fold(List.of(event("i4", EventType.CLICK)), NOW).vector();

    assertThat(twoViews).containsExactly(oneClick, within(1e-6f));
  }

  @Test
  void olderEventsWeighLessWithAHalfLife() {
    FactorMatrix y = randomFactors(10, K, 8);
    FoldIn decaying =
        new FoldIn(
            ids(10),
            y,
            new FoldIn.Parameters(40f, 0.05f, EventWeights.parse(null, Duration.ofDays(1))));
    RecentEvent old =
        new RecentEvent("a", "i1", EventType.CLICK, null, NOW.minus(Duration.ofDays(3)));
    RecentEvent fresh = new RecentEvent("b", "i2", EventType.CLICK, null, NOW);

    float[] x = decaying.fold(List.of(old, fresh), NOW).vector();
    // the same as a fresh event with 1/8 of a click's weight on i1
    FoldIn.Parameters p = decaying.parameters();
    float[] expected = new float[K];
    decaying.solve(new int[] {1, 2}, new float[] {2f / 8, 2f}, 2, expected);

    assertThat(x).containsExactly(expected, within(1e-5f));
    assertThat(p.weights().halfLife()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void readsItsParametersFromTheManifest() {
    ModelManifest manifest =
        new ModelManifest(
            1,
            "v1",
            NOW,
            K,
            0,
            0,
            0,
            Map.of(
                "alpha",
                15,
                "regularization",
                "0.3",
                "weights",
                Map.of("view", 0.5),
                "halfLife",
                "P14D"),
            Map.of(),
            Map.of(),
            Map.of());

    FoldIn.Parameters p = FoldIn.Parameters.from(manifest);

    assertThat(p.alpha()).isEqualTo(15f);
    assertThat(p.regularization()).isEqualTo(0.3f);
    assertThat(p.weights().typeWeight(EventType.VIEW)).isEqualTo(0.5f);
    assertThat(p.weights().typeWeight(EventType.PURCHASE)).isEqualTo(8f);
    assertThat(p.weights().halfLife()).isEqualTo(Duration.ofDays(14));

    // as the trainer records them: EventWeights.toString() and "none" without decay
    EventWeights trained = EventWeights.parse("view=0.5,purchase=6", Duration.ofDays(30));
    ModelManifest written =
        new ModelManifest(
            1,
            "v3",
            NOW,
            K,
            0,
            0,
            0,
            Map.of(
                "alpha",
                15f,
                "regularization",
                0.3f,
                "weights",
                trained.toString(),
                "halfLife",
                "none"),
            Map.of(),
            Map.of(),
            Map.of());
    FoldIn.Parameters fromTrainer = FoldIn.Parameters.from(written);
    assertThat(fromTrainer.weights().typeWeight(EventType.PURCHASE)).isEqualTo(6f);
    assertThat(fromTrainer.weights().halfLife()).isNull();

    ModelManifest bare =
        new ModelManifest(1, "v2", NOW, K, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of());
    FoldIn.Parameters defaults = FoldIn.Parameters.from(bare);
    assertThat(defaults.alpha()).isEqualTo(FoldIn.Parameters.DEFAULT_ALPHA);
    assertThat(defaults.regularization()).isEqualTo(FoldIn.Parameters.DEFAULT_REGULARIZATION);
    assertThat(defaults.weights()).hasToString(EventWeights.defaults().toString());
    assertThatThrownBy(() -> new FoldIn.Parameters(1f, 0f, EventWeights.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void halfStep(
      ImplicitSolver solver,
      InteractionMatrix rows,
      float[] out,
      int outRows,
      float[] fixed,
      float alpha,
      float lambda) {
    float[] gram = ImplicitSolver.gramian(fixed, fixed.length / K, K, lambda);
    for (int row = 0; row < outRows; row++) {
      solver.solveCholesky(
          gram,
          fixed,
          rows.cols(),
          rows.values(),
          rows.rowStart(row),
          rows.rowEnd(row),
          alpha,
          out,
          row * K);
    }
  }

  private static float score(float[] x, float[] items, int item) {
    float s = 0f;
    for (int d = 0; d < K; d++) {
      s += x[d] * items[item * K + d];
    }
    return s;
  }

  private static RecentEvent event(String itemId, EventType type) {
    return new RecentEvent(itemId + "-" + type, itemId, type, null, NOW);
  }

  private static IdIndex ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "i" + i;
    }
    return new IdIndex(ids);
  }

  private static FactorMatrix randomFactors(int rows, int k, long seed) {
    Random random = new Random(seed);
    float[] data = new float[rows * k];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() * 0.3f;
    }
    return new FactorMatrix(data, rows, k);
  }
}
