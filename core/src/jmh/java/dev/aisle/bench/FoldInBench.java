package dev.aisle.bench;

import dev.aisle.als.FoldIn;
import dev.aisle.event.EventType;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.state.UserState.RecentEvent;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Fold-in cost per shopper: one shopper's recent events (mixed types, some repeated items, a
 * 30-day half-life) solved against 100,000 items × 64 factors, as the stream updater does per
 * shopper and event batch: id lookups, weighting, per-item sums and the Cholesky solve. The item
 * gramian is computed once in setup (once per model in the product). 64 shoppers used in turn.
 *
 * <pre>
 *   ./mvnw -B -pl core -Pbench package
 *   java -cp core/target/bench/benchmarks.jar dev.aisle.bench.FoldInBench    # target ≤ 0.5 ms
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class FoldInBench {

  private static final int SHOPPERS = 64;
  private static final double TARGET_MICROS = 500;

  @Param("100000")
  int items;

  @Param("64")
  int factors;

  @Param("50")
  int recentEvents;

  private FoldIn foldIn;
  private List<List<RecentEvent>> shoppers;
  private Instant now;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    float[] data = new float[items * factors];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() * 0.1f;
    }
    String[] ids = new String[items];
    for (int i = 0; i < items; i++) {
      ids[i] = "item-" + i;
    }
    foldIn = new FoldIn(new IdIndex(ids), new FactorMatrix(data, items, factors),
        new FoldIn.Parameters(40f, 0.05f, EventWeights.parse(null, Duration.ofDays(30))));
    now = Instant.parse("2026-03-01T00:00:00Z");
    EventType[] types = EventType.values();
    shoppers = new ArrayList<>();
    for (int s = 0; s < SHOPPERS; s++) {
      List<RecentEvent> events = new ArrayList<>();
      for (int e = 0; e < recentEvents; e++) {
        // a quarter of the events revisit an item seen before, as browsing does
        String item = e > 0 && random.nextInt(4) == 0 ? events.get(random.nextInt(e)).itemId()
            : ids[random.nextInt(items)];
        EventType type = types[random.nextInt(types.length)];
        Double value = null;
        if (type == EventType.RATING) {
          value = 1.0 + random.nextInt(5);
        } else if (type == EventType.PURCHASE) {
          value = 1.0;
        }
        events.add(new RecentEvent("e" + s + "-" + e, item, type, value, now.minusSeconds(random.nextInt(86_400 * 20))));
      }
      shoppers.add(events);
    }
  }

  @Benchmark
  public float[] foldIn() {
    next = (next + 1) & (SHOPPERS - 1);
    return foldIn.fold(shoppers.get(next), now).vector();
  }

  /** Runs the benchmark and prints the figure next to the target. */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(FoldInBench.class.getName() + "\\.")
        .build()).run();
    for (RunResult result : results) {
      double us = result.getPrimaryResult().getScore();
      System.out.printf("%nfold-in per shopper (%s items, %s factors, %s recent events): %.1f µs (target ≤ %.0f µs: %s)%n",
          result.getParams().getParam("items"), result.getParams().getParam("factors"),
          result.getParams().getParam("recentEvents"), us, TARGET_MICROS, us <= TARGET_MICROS ? "met" : "NOT met");
    }
  }
}
