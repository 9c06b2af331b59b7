package dev.aisle.bench;

import dev.aisle.ann.ApproximateTopK;
import dev.aisle.ann.TopKSearch;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.serving.ServedModel;
import java.nio.file.Path;
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

/**
 * Top-10 per request on one thread over a model folder that ships an item graph (the scale
 * benchmark's, {@code functions/api/bench/load.sh}): the exact scan, and the graph search as serving
 * runs it ({@link TopKSearch}: the graph at the default beam, exact re-scoring, with and without a
 * filter excluding 1,000 items). Shoppers are {@link AlsLikeFactors} vectors of the model's
 * generator, 64 of them in turn.
 *
 * <pre>java -jar core/target/bench/benchmarks.jar AnnTopKBench -p model=functions/api/target/bench/model-1000000-64</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AnnTopKBench {

  private static final int QUERIES = 64;

  @Param("")
  String model;

  @Param("100")
  int ef;

  private float[][] queries;
  private int next;
  private TopKScorer exact;
  private TopKSearch search;
  private Candidates excluding;
  private int eligible;

  @Setup(Level.Trial)
  public void setUp() {
    Model loaded = ModelFiles.read(Path.of(model));
    if (loaded.graph() == null) {
      throw new IllegalArgumentException(model + " ships no item graph");
    }
    AlsLikeFactors shape = new AlsLikeFactors(loaded.factors(), 256, 7);
    SplittableRandom random = new SplittableRandom(99);
    queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = shape.shopper(random);
    }
    exact = new TopKScorer(loaded.itemFactors());
    search = new TopKSearch(exact, new ApproximateTopK(loaded.graph(), loaded.itemFactors(), ef),
        ServedModel.SearchSettings.singleThreaded().minEligibleShare());
    RowMask excluded = new RowMask(loaded.items().size());
    for (int i = 0; i < 1000; i++) {
      excluded.set(random.nextInt(loaded.items().size()));
    }
    excluding = Candidates.excluding(excluded);
    eligible = loaded.items().size() - excluded.cardinality();
  }

  private float[] nextQuery() {
    next = (next + 1) & (QUERIES - 1);
    return queries[next];
  }

  @Benchmark
  public ScoredRows exactTop10() {
    return exact.top(nextQuery(), 10, Candidates.ALL);
  }

  @Benchmark
  public ScoredRows graphTop10() {
    return search.top(nextQuery(), 10, Candidates.ALL, exact.rows());
  }

  @Benchmark
  public ScoredRows graphTop10Excluding() {
    return search.top(nextQuery(), 10, excluding, eligible);
  }
}
