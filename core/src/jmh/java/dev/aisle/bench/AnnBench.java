package dev.aisle.bench;

import dev.aisle.ann.ApproximateTopK;
import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.model.FactorMatrix;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * Approximate top-K against the exact scan on {@link AlsLikeFactors}: for each catalog size, the
 * exact scan's µs per query, then for each graph geometry, M and beamWidth the build time on
 * {@code --threads} threads and the graph's bytes, and for each ef the recall@10 against the exact
 * scan and µs per query (one thread, after a warm-up pass over the same queries). One line per
 * measurement, so the exact/approximate threshold and the settings are chosen from one run.
 *
 * <pre>
 *   ./mvnw -B -pl core -Pbench package
 *   java -Xmx3g -cp core/target/bench/benchmarks.jar dev.aisle.bench.AnnBench \
 *       --items 50000,200000 --geometry INNER_PRODUCT,LIFTED_INNER_PRODUCT --m 16,32 --beam 100 \
 *       --ef 50,100,200,400 --queries 1000 --threads 2
 * </pre>
 */
public final class AnnBench {

  private static final int K = 10;

  public static void main(String[] args) {
    Map<String, String> options = options(args);
    List<Integer> sizes = ints(options.getOrDefault("items", "50000,200000"));
    int factors = Integer.parseInt(options.getOrDefault("factors", "64"));
    int queries = Integer.parseInt(options.getOrDefault("queries", "1000"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
    List<Integer> ms = ints(options.getOrDefault("m", "16"));
    List<Integer> beams = ints(options.getOrDefault("beam", "100"));
    List<Integer> efs = ints(options.getOrDefault("ef", "50,100,200,400"));
    List<ItemGraphBuilder.Geometry> geometries = Arrays.stream(options.getOrDefault("geometry", "INNER_PRODUCT")
        .split(",")).map(ItemGraphBuilder.Geometry::valueOf).toList();
    System.out.printf("ann bench: %d queries, k %d, %d factors, build threads %d, cores %d%n", queries, K, factors,
        threads, Runtime.getRuntime().availableProcessors());
    AlsLikeFactors shape = new AlsLikeFactors(factors, 256, 7);
    for (int size : sizes) {
      FactorMatrix items = shape.items(size, 11);
      float[][] shoppers = shoppers(shape, queries);
      TopKScorer exact = new TopKScorer(items);
      ScoredRows[] truth = new ScoredRows[queries];
      for (int q = 0; q < queries; q++) {
        truth[q] = exact.top(shoppers[q], K, Candidates.ALL);
      }
      double exactMicros = microsPerQuery(q -> exact.top(shoppers[q], K, Candidates.ALL), queries);
      System.out.printf("items %8d  exact scan %9.1f µs/query%n", size, exactMicros);
      for (ItemGraphBuilder.Geometry geometry : geometries) {
        for (int m : ms) {
          for (int beam : beams) {
            long start = System.nanoTime();
            ItemGraph graph = ItemGraphBuilder.build(items, geometry,
                new ItemGraphBuilder.Settings(m, beam, 42L, threads));
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("items %8d  %-20s M %3d beam %4d  build %7.1f s  graph %6.1f MB%n", size, geometry, m,
                beam, buildSeconds, graph.bytes() / 1e6);
            for (int ef : efs) {
              ApproximateTopK approximate = new ApproximateTopK(graph, items, ef);
              double recall = recall(approximate, shoppers, truth);
              double micros = microsPerQuery(q -> approximate.top(shoppers[q], K, Candidates.ALL, Long.MAX_VALUE),
                  queries);
              System.out.printf("items %8d  %-20s M %3d beam %4d  ef %5d  recall@10 %.4f  %8.1f µs/query"
                  + "  (exact %.1f)  visited %6.0f (%.2f%% of the scan's dot products)%n", size, geometry, m, beam, ef,
                  recall, micros, exactMicros, visited(graph, items, shoppers, ef), 100 * visited(graph, items, shoppers, ef) / size);
            }
          }
        }
      }
    }
  }

  /**
   * Nodes scored per search, averaged: the search's cost in dot products (the exact scan's is the
   * item count), which does not depend on how busy the machine is.
   */
  static double visited(ItemGraph graph, FactorMatrix items, float[][] shoppers, int ef) {
    float[] data = items.data();
    int cols = items.cols();
    long visited = 0;
    try {
      for (float[] shopper : shoppers) {
        TopKnnCollector collector = new TopKnnCollector(Math.max(K, ef), Integer.MAX_VALUE);
        HnswGraphSearcher.search(new RandomVectorScorer() {
          @Override
          public float score(int row) {
            return TopKScorer.dot(shopper, 0, data, row * cols, cols);
          }

          @Override
          public int maxOrd() {
            return items.rows();
          }
        }, collector, graph.view(), null);
        visited += collector.visitedCount();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return (double) visited / shoppers.length;
  }

  static float[][] shoppers(AlsLikeFactors shape, int count) {
    SplittableRandom random = new SplittableRandom(13);
    float[][] shoppers = new float[count][];
    for (int q = 0; q < count; q++) {
      shoppers[q] = shape.shopper(random);
    }
    return shoppers;
  }

  static double recall(ApproximateTopK approximate, float[][] shoppers, ScoredRows[] truth) {
    long found = 0;
    long wanted = 0;
    for (int q = 0; q < shoppers.length; q++) {
      ScoredRows got = approximate.top(shoppers[q], K, Candidates.ALL, Long.MAX_VALUE);
      int[] rows = got.rows();
      for (int i = 0; i < truth[q].size(); i++) {
        int row = truth[q].row(i);
        wanted++;
        for (int r : rows) {
          if (r == row) {
            found++;
            break;
          }
        }
      }
    }
    return (double) found / wanted;
  }

  /** One warm-up pass over the queries, then the mean of a timed pass (at least 0.5 s of queries). */
  static double microsPerQuery(java.util.function.IntFunction<ScoredRows> search, int queries) {
    long sink = 0;
    for (int q = 0; q < queries; q++) {
      sink += search.apply(q).size();
    }
    long start = System.nanoTime();
    long done = 0;
    do {
      for (int q = 0; q < queries; q++) {
        sink += search.apply(q).size();
      }
      done += queries;
    } while (System.nanoTime() - start < 500_000_000L);
    double micros = (System.nanoTime() - start) / 1e3 / done;
    if (sink < 0) {
      System.out.println(sink);
    }
    return micros;
  }

  static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
