package dev.aisle.als;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.state.UserState;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fold-in: one shopper's vector solved against a model's fixed item factors from their recent
 * events. It is the user half-step of implicit ALS for a single row (the same {@link
 * ImplicitSolver} equations, the same {@link EventWeights}), so a vector folded in for a shopper
 * the model was trained on matches their trained factors when the events are the same.
 *
 * <p>Events are weighted (type, value, half-life decay at {@code now}) and summed per item, as the
 * trainer aggregates (user, item) pairs. Items whose summed weight is not positive carry no
 * preference and are left out; items the model does not know are counted and skipped. The system is
 * solved exactly by Cholesky: O(k³/3 + n·k²), no warm start needed.
 *
 * <p>YᵀY + λI is computed once per model, here. Instances are immutable and thread-safe; each
 * thread gets its own scratch space, so a fold-in allocates only the vector it returns.
 */
public final class FoldIn {

  private final IdIndex itemIds;
  private final float[] itemFactors;
  private final int k;
  private final Parameters parameters;
  private final float[] gram;
  private final ThreadLocal<Workspace> workspace;

  public FoldIn(IdIndex itemIds, FactorMatrix itemFactors, Parameters parameters) {
    this(
        itemIds,
        itemFactors,
        ImplicitSolver.gramianExact(itemFactors.data(), itemFactors.rows(), itemFactors.cols()),
        parameters);
  }

  /**
   * @param gramian YᵀY of {@code itemFactors} (k × k, as a model ships it): no pass over the rows
   *     here
   */
  public FoldIn(
      IdIndex itemIds, FactorMatrix itemFactors, double[] gramian, Parameters parameters) {
    if (itemIds.size() != itemFactors.rows()) {
      throw new IllegalArgumentException("item ids and factors differ in size");
    }
    this.itemIds = itemIds;
    this.itemFactors = itemFactors.data();
    this.k = itemFactors.cols();
    this.parameters = parameters;
    this.gram = ImplicitSolver.withRegularization(gramian, k, parameters.regularization());
    this.workspace = ThreadLocal.withInitial(() -> new Workspace(k));
  }

  /**
   * Fold-in against {@code model}'s item factors and Gramian with the parameters its manifest
   * records.
   */
  public static FoldIn of(Model model) {
    return new FoldIn(
        model.items(), model.itemFactors(), model.itemGramian(), Parameters.from(model.manifest()));
  }

  public int factors() {
    return k;
  }

  public Parameters parameters() {
    return parameters;
  }

  /**
   * The vector for a shopper's events (any order), decayed to {@code now}.
   *
   * @return the vector (length {@link #factors()}, or empty when no event has a known item with a
   *     positive weight) and how many events had known and unknown items
   */
  public Result fold(List<UserState.RecentEvent> events, Instant now) {
    Workspace ws = workspace.get();
    ws.ensure(events.size());
    int count = 0;
    int unknown = 0;
    for (UserState.RecentEvent event : events) {
      int row = itemIds.rowOf(event.itemId());
      if (row < 0) {
        unknown++;
        continue;
      }
      ws.rows[count] = row;
      ws.weights[count] =
          parameters.weights().weight(event.type(), event.value(), event.timestamp(), now);
      count++;
    }
    int distinct = ws.sumPerItem(count);
    if (distinct == 0) {
      return new Result(new float[0], count, unknown);
    }
    float[] vector = new float[k];
    ws.solver.solveCholesky(
        gram, itemFactors, ws.rows, ws.weights, 0, distinct, parameters.alpha(), vector, 0);
    return new Result(vector, count, unknown);
  }

  /**
   * The vector for already aggregated interactions: {@code itemRows[0..count)} with their summed
   * weights (each row at most once, weights &gt; 0). Writes k floats to {@code out}.
   */
  public void solve(int[] itemRows, float[] weights, int count, float[] out) {
    workspace
        .get()
        .solver
        .solveCholesky(gram, itemFactors, itemRows, weights, 0, count, parameters.alpha(), out, 0);
  }

  /**
   * @param vector the folded-in factors; empty when no event counted
   * @param knownEvents events whose item the model knows
   * @param unknownEvents events whose item the model does not know (kept in recent, not folded)
   */
  public record Result(float[] vector, int knownEvents, int unknownEvents) {}

  /**
   * The training parameters fold-in must share with the model: confidence 1 + alpha·w,
   * regularization λ, and the event weighting.
   */
  public record Parameters(float alpha, float regularization, EventWeights weights) {

    public static final float DEFAULT_ALPHA = 40f;
    public static final float DEFAULT_REGULARIZATION = 0.05f;

    /**
     * Manifest parameter keys, as the trainer writes them: numbers, an {@link EventWeights} string
     * ({@code view=1,click=2,…}, anything after a ';' ignored) and an ISO-8601 duration or "none".
     */
    public static final String ALPHA = "alpha";

    public static final String REGULARIZATION = "regularization";
    public static final String WEIGHTS = "weights";
    public static final String HALF_LIFE = "halfLife";

    public Parameters {
      if (!(alpha >= 0) || !(regularization > 0) || weights == null) {
        throw new IllegalArgumentException(
            "fold-in needs alpha >= 0, regularization > 0 and event weights");
      }
    }

    public static Parameters defaults() {
      return new Parameters(DEFAULT_ALPHA, DEFAULT_REGULARIZATION, EventWeights.defaults());
    }

    /**
     * The parameters a manifest records under {@link #ALPHA}, {@link #REGULARIZATION}, {@link
     * #WEIGHTS} and {@link #HALF_LIFE}; absent keys take the defaults.
     */
    public static Parameters from(ModelManifest manifest) {
      Map<String, Object> p = manifest.parameters();
      return new Parameters(
          number(p, ALPHA, DEFAULT_ALPHA),
          number(p, REGULARIZATION, DEFAULT_REGULARIZATION),
          EventWeights.parse(weightSpec(p.get(WEIGHTS)), halfLife(p.get(HALF_LIFE))));
    }

    private static float number(Map<String, Object> p, String key, float fallback) {
      Object v = p.get(key);
      if (v == null) {
        return fallback;
      }
      return v instanceof Number n ? n.floatValue() : Float.parseFloat(v.toString());
    }

    /**
     * A spec string (EventWeights' own toString appends ";halfLife=…": cut), or a map of weights.
     */
    private static String weightSpec(Object weights) {
      if (weights == null) {
        return null;
      }
      if (weights instanceof Map<?, ?> map) {
        StringBuilder spec = new StringBuilder();
        map.forEach(
            (type, w) ->
                spec.append(spec.length() == 0 ? "" : ",").append(type).append('=').append(w));
        return spec.toString();
      }
      String spec = weights.toString();
      int cut = spec.indexOf(';');
      return cut < 0 ? spec : spec.substring(0, cut);
    }

    private static Duration halfLife(Object value) {
      if (value == null
          || value.toString().isBlank()
          || "none".equalsIgnoreCase(value.toString().strip())) {
        return null;
      }
      return Duration.parse(value.toString().strip());
    }
  }

  /** Per-thread scratch: events' item rows and weights, then summed per item in place. */
  private static final class Workspace {
    final ImplicitSolver solver;
    int[] rows = new int[64];
    float[] weights = new float[64];
    long[] packed = new long[64];

    Workspace(int k) {
      this.solver = new ImplicitSolver(k);
    }

    void ensure(int n) {
      if (rows.length < n) {
        int size = Math.max(n, rows.length * 2);
        rows = new int[size];
        weights = new float[size];
        packed = new long[size];
      }
    }

    /**
     * Sorts {@code rows[0..count)} (weights alongside), sums the weights of repeated rows and drops
     * rows whose sum is not positive. Returns the number of rows left, compacted at the front.
     */
    int sumPerItem(int count) {
      for (int n = 0; n < count; n++) {
        // row in the high bits sorts by item; the weight's bits ride along in the low bits
        packed[n] = ((long) rows[n] << 32) | (Float.floatToRawIntBits(weights[n]) & 0xFFFFFFFFL);
      }
      Arrays.sort(packed, 0, count);
      int out = 0;
      int n = 0;
      while (n < count) {
        int row = (int) (packed[n] >>> 32);
        float sum = 0f;
        for (; n < count && (int) (packed[n] >>> 32) == row; n++) {
          sum += Float.intBitsToFloat((int) packed[n]);
        }
        if (sum > 0f) {
          rows[out] = row;
          weights[out] = sum;
          out++;
        }
      }
      return out;
    }
  }
}
