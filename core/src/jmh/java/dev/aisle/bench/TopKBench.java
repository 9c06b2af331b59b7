package dev.aisle.bench;

import dev.aisle.model.FactorMatrix;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.scoring.CategoryCodes;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import java.util.Collection;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Top-K scoring over an items × factors matrix, per query, next to plain passes summing the same
 * float array in the same run: {@code sumFloor} (eight accumulators, as fast as a scalar read of the
 * array goes: the memory-bandwidth floor) and {@code sumPlain} (one accumulator, for reference).
 * Random factors (seed 42); 64 different queries used in turn.
 *
 * <pre>
 *   ./mvnw -B -pl core -Pbench package
 *   java -cp core/target/bench/benchmarks.jar dev.aisle.bench.TopKBench     # prints the ratio
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class TopKBench {

  private static final int QUERIES = 64;

  @Param("100000")
  int items;

  @Param("64")
  int factors;

  @Param("10")
  int k;

  private float[] data;
  private float[][] queries;
  private int next;
  private TopKScorer serial;
  private TopKScorer parallel;
  private ExecutorService pool;
  private Candidates excluding;
  private Candidates inCategory;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    data = new float[items * factors];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian() * 0.1f;
    }
    queries = new float[QUERIES][factors];
    for (float[] query : queries) {
      for (int j = 0; j < factors; j++) {
        query[j] = (float) random.nextGaussian();
      }
    }
    FactorMatrix matrix = new FactorMatrix(data, items, factors);
    serial = new TopKScorer(matrix);
    int cores = Runtime.getRuntime().availableProcessors();
    pool = DaemonThreads.fixedPool("topk-bench", cores - 1);
    parallel = new TopKScorer(matrix, null, pool, cores, 0);
    RowMask excluded = new RowMask(items);
    for (int i = 0; i < 200; i++) {
      excluded.set(random.nextInt(items));
    }
    excluding = Candidates.excluding(excluded);
    String[] categories = new String[items];
    for (int i = 0; i < items; i++) {
      categories[i] = "c" + random.nextInt(20);
    }
    CategoryCodes codes = CategoryCodes.of(categories);
    inCategory = excluding.inCategory(codes.rowCodes(), codes.codeOf("c7"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  private float[] nextQuery() {
    next = (next + 1) & (QUERIES - 1);
    return queries[next];
  }

  /** The floor: every float of the matrix read once, eight independent sums. */
  @Benchmark
  public float sumFloor() {
    final float[] a = data;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 7 < a.length; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** The naive sum: one accumulator, bound by the adder's latency rather than by memory. */
  @Benchmark
  public float sumPlain() {
    float s = 0;
    for (float v : data) {
      s += v;
    }
    return s;
  }

  @Benchmark
  public ScoredRows topK() {
    return serial.top(nextQuery(), k, Candidates.ALL);
  }

  @Benchmark
  public ScoredRows topKExcluding() {
    return serial.top(nextQuery(), k, excluding);
  }

  @Benchmark
  public ScoredRows topKInCategory() {
    return serial.top(nextQuery(), k, inCategory);
  }

  @Benchmark
  public ScoredRows topKParallel() {
    return parallel.top(nextQuery(), k, Candidates.ALL);
  }

  /** Runs this class's benchmarks and prints each one's ratio to the floor. */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(TopKBench.class.getName() + "\\.")
        .build()).run();
    double floor = score(results, "sumFloor");
    System.out.printf("%n%-16s %12s %10s%n", "benchmark", "µs/query", "× floor");
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      double us = result.getPrimaryResult().getScore();
      System.out.printf("%-16s %12.1f %10.2f%n", name, us, us / floor);
    }
  }

  private static double score(Collection<RunResult> results, String name) {
    return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + name)).findFirst()
        .orElseThrow().getPrimaryResult().getScore();
  }
}
