package dev.aisle.ann;

import dev.aisle.model.FactorMatrix;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.scoring.TopKScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.InitializedHnswGraphBuilder;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Builds an {@link ItemGraph} over item factors with Lucene's HNSW builder ({@code util.hnsw}),
 * scoring pairs straight from the factor array (no copy of the vectors is made).
 *
 * <p>Three geometries:
 *
 * <ul>
 *   <li>{@link Geometry#INNER_PRODUCT}, for top-K by x·y: the graph links items by their raw inner
 *       product y_a·y_b, scored as Lucene's own {@code MAXIMUM_INNER_PRODUCT} similarity does
 *       ({@link VectorUtil#scaleMaxInnerProductScore}), and is searched with plain x·y;
 *   <li>{@link Geometry#LIFTED_INNER_PRODUCT}, the alternative measured against it: each item
 *       lifted to k+1 dimensions, (y, √(M² − ‖y‖²)) / M with M the largest norm, so that every item
 *       has norm 1 and a query (x, 0) ranks them by x·y exactly (Bachrach et al. 2014), the graph
 *       built on the lifted cosine. On ALS-like factors (heavy-tailed norms) most lifted items
 *       crowd around the extra axis and recall suffers (docs/serving.md has the figures);
 *   <li>{@link Geometry#COSINE}, for similar items: the cosine of the factors themselves.
 * </ul>
 *
 * Cosine scores given to Lucene are mapped into [0, 1] ((1 + cos) / 2), as its own dot-product
 * similarity does.
 */
public final class ItemGraphBuilder {

  /** Which neighbourhood the graph approximates. */
  public enum Geometry {
    INNER_PRODUCT,
    LIFTED_INNER_PRODUCT,
    COSINE
  }

  /**
   * @param maxConn neighbours per node on the upper levels (twice that on level 0): Lucene's M
   * @param beamWidth candidates considered per insertion (efConstruction)
   * @param seed seeds the level assignment: the same factors and settings give the same graph when
   *     built on one thread
   */
  public record Settings(int maxConn, int beamWidth, long seed, int threads) {
    public Settings {
      if (maxConn < 2 || maxConn > 512 || beamWidth < 1 || beamWidth > 3200 || threads < 1) {
        throw new IllegalArgumentException("invalid graph settings " + this);
      }
    }

    /** M 16, efConstruction 100 (Lucene's defaults). */
    public static Settings defaults(int threads) {
      return new Settings(
          HnswGraphBuilder.DEFAULT_MAX_CONN, HnswGraphBuilder.DEFAULT_BEAM_WIDTH, 42L, threads);
    }
  }

  private ItemGraphBuilder() {}

  public static ItemGraph build(FactorMatrix items, Geometry geometry, Settings settings) {
    int n = items.rows();
    if (n == 0) {
      throw new IllegalArgumentException("no items to index");
    }
    Pairs lifted = Pairs.of(items, geometry);
    try {
      OnHeapHnswGraph graph;
      if (settings.threads() == 1) {
        graph =
            HnswGraphBuilder.create(
                    lifted, settings.maxConn(), settings.beamWidth(), settings.seed(), n)
                .build(n);
      } else {
        ExecutorService pool = DaemonThreads.fixedPool("aisle-graph", settings.threads());
        try {
          // an empty graph of the right size, as Lucene's own merges get one
          OnHeapHnswGraph empty =
              HnswGraphBuilder.create(
                      lifted, settings.maxConn(), settings.beamWidth(), settings.seed(), n)
                  .getGraph();
          graph =
              new HnswConcurrentMergeBuilder(
                      new TaskExecutor(pool),
                      settings.threads(),
                      lifted,
                      settings.maxConn(),
                      settings.beamWidth(),
                      empty,
                      null)
                  .build(n);
        } finally {
          pool.shutdownNow();
        }
      }
      return flatten(graph, n, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the item graph", e);
    }
  }

  /**
   * A graph over {@code items} that keeps the links of {@code previous} and inserts only the rows
   * it does not cover: what an incremental run uses when few item vectors changed. Kept rows keep
   * their neighbours as they were linked (for their previous vectors); a search scores candidates
   * with the new vectors anyway, so a kept link only steers the walk. Lucene's initialized builder
   * (the one its segment merges use) does the insertion.
   *
   * @param previousToNew for each row of {@code previous}, its row in {@code items}, or −1 for an
   *     item the new model no longer has (left out of the graph with its links)
   */
  public static ItemGraph extend(
      ItemGraph previous,
      int[] previousToNew,
      FactorMatrix items,
      Geometry geometry,
      Settings settings) {
    int n = items.rows();
    if (previousToNew.length != previous.size()) {
      throw new IllegalArgumentException(
          "the map covers " + previousToNew.length + " rows, the graph " + previous.size());
    }
    FixedBitSet kept = new FixedBitSet(Math.max(1, n));
    for (int to : previousToNew) {
      if (to >= n) {
        throw new IllegalArgumentException("row " + to + " is outside the " + n + " new rows");
      }
      if (to >= 0) {
        kept.set(to);
      }
    }
    if (kept.cardinality() == 0 || previousToNew[previous.entryNodeRow()] < 0) {
      // nothing to keep, or the way in is gone: a fresh graph is as cheap and better
      return build(items, geometry, settings);
    }
    Pairs lifted = Pairs.of(items, geometry);
    try {
      OnHeapHnswGraph graph =
          InitializedHnswGraphBuilder.initGraph(
              settings.maxConn(), new KeptRows(previous, previousToNew), previousToNew, n);
      if (settings.threads() == 1) {
        graph =
            new InitializedHnswGraphBuilder(
                    lifted, settings.maxConn(), settings.beamWidth(), settings.seed(), graph, kept)
                .build(n);
      } else {
        ExecutorService pool = DaemonThreads.fixedPool("aisle-graph", settings.threads());
        try {
          graph =
              new HnswConcurrentMergeBuilder(
                      new TaskExecutor(pool),
                      settings.threads(),
                      lifted,
                      settings.maxConn(),
                      settings.beamWidth(),
                      graph,
                      kept)
                  .build(n);
        } finally {
          pool.shutdownNow();
        }
      }
      return flatten(graph, n, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extend the item graph", e);
    }
  }

  /**
   * The previous graph without the rows the new model dropped (nodes and links to them left out).
   */
  private static final class KeptRows extends HnswGraph {
    private final ItemGraph graph;
    private final HnswGraph view;
    private final int[] previousToNew;

    KeptRows(ItemGraph graph, int[] previousToNew) {
      this.graph = graph;
      this.view = graph.view();
      this.previousToNew = previousToNew;
    }

    @Override
    public void seek(int level, int target) throws IOException {
      view.seek(level, target);
    }

    @Override
    public int nextNeighbor() throws IOException {
      for (int next = view.nextNeighbor();
          next != DocIdSetIterator.NO_MORE_DOCS;
          next = view.nextNeighbor()) {
        if (previousToNew[next] >= 0) {
          return next;
        }
      }
      return DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int size() {
      return graph.size();
    }

    @Override
    public int numLevels() throws IOException {
      return view.numLevels();
    }

    @Override
    public int entryNode() throws IOException {
      return view.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) throws IOException {
      NodesIterator all = view.getNodesOnLevel(level);
      int[] kept = new int[all.size()];
      int count = 0;
      while (all.hasNext()) {
        int node = all.nextInt();
        if (previousToNew[node] >= 0) {
          kept[count++] = node;
        }
      }
      return new ArrayNodesIterator(kept, count);
    }
  }

  /** Lucene's on-heap graph as the flat arrays of {@link ItemGraph}. */
  private static ItemGraph flatten(OnHeapHnswGraph graph, int n, Settings settings)
      throws IOException {
    int levels = graph.numLevels();
    int[][] nodes = new int[levels][];
    int[][] start = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int l = 0; l < levels; l++) {
      int[] onLevel =
          l == 0 ? null : HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(l));
      int count = l == 0 ? n : onLevel.length;
      int[] offsets = new int[count + 1];
      for (int i = 0; i < count; i++) {
        offsets[i + 1] = offsets[i] + graph.getNeighbors(l, l == 0 ? i : onLevel[i]).size();
      }
      int[] edges = new int[offsets[count]];
      for (int i = 0; i < count; i++) {
        NeighborArray friends = graph.getNeighbors(l, l == 0 ? i : onLevel[i]);
        System.arraycopy(friends.nodes(), 0, edges, offsets[i], friends.size());
      }
      nodes[l] = onLevel;
      start[l] = offsets;
      neighbours[l] = edges;
    }
    return new ItemGraph(
        n, graph.entryNode(), settings.maxConn(), settings.beamWidth(), nodes, start, neighbours);
  }

  /**
   * Pair scores: Lucene's maximum-inner-product score of y_a·y_b, or, for the lifted and cosine
   * geometries, (1 + s_a s_b y_a·y_b + e_a e_b) / 2, where s scales a row to unit length in the
   * lifted space and e is its extra coordinate (0 for cosine).
   */
  private record Pairs(float[] y, int cols, float[] scale, float[] extra)
      implements RandomVectorScorerSupplier {

    static Pairs of(FactorMatrix items, Geometry geometry) {
      int n = items.rows();
      int k = items.cols();
      float[] y = items.data();
      if (geometry == Geometry.INNER_PRODUCT) {
        return new Pairs(y, k, null, null);
      }
      double[] normSq = new double[n];
      double max = 0;
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int j = r * k; j < (r + 1) * k; j++) {
          s += (double) y[j] * y[j];
        }
        normSq[r] = s;
        max = Math.max(max, s);
      }
      float[] scale = new float[n];
      float[] extra = new float[n];
      for (int r = 0; r < n; r++) {
        if (geometry == Geometry.COSINE) {
          scale[r] = normSq[r] > 0 ? (float) (1 / Math.sqrt(normSq[r])) : 0f;
        } else if (max > 0) {
          scale[r] = (float) (1 / Math.sqrt(max));
          extra[r] = (float) Math.sqrt(Math.max(0, 1 - normSq[r] / max));
        } else {
          extra[r] = 1f;
        }
      }
      return new Pairs(y, k, scale, extra);
    }

    @Override
    public RandomVectorScorer scorer(int ord) {
      int n = y.length / cols;
      return new RandomVectorScorer() {
        @Override
        public float score(int other) {
          float dot = TopKScorer.dot(y, ord * cols, y, other * cols, cols);
          if (scale == null) {
            return VectorUtil.scaleMaxInnerProductScore(dot);
          }
          return (1f + dot * scale[ord] * scale[other] + extra[ord] * extra[other]) * 0.5f;
        }

        @Override
        public int maxOrd() {
          return n;
        }
      };
    }

    @Override
    public RandomVectorScorerSupplier copy() {
      return this;
    }
  }
}
