package dev.aisle.scoring;

import dev.aisle.linalg.FloatKernels;
import dev.aisle.model.FactorMatrix;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Top-K rows of a factor matrix by dot product with a query vector (optionally times a per-row
 * scale, e.g. inverse norms for cosine): one pass over the matrix into a {@link TopKHeap}, with no
 * allocation per row. Exclusions are tested only for rows that would enter the heap; a category
 * filter is tested before the dot product, so filtered rows cost no factor reads.
 *
 * <p>Large matrices are split into contiguous row ranges scored in parallel on {@code executor}
 * (the calling thread takes the last range) and merged; the total order of {@link TopKHeap} makes
 * the result identical to a single pass. Every row's score is {@link FloatKernels#dot}'s (the block
 * kernel sums each row as the single dot product does), whichever loop handles it, so splitting
 * never changes a score either.
 *
 * <p>Thread-safe and immutable: one instance per model, shared by all requests.
 */
public final class TopKScorer {

  /** Below this many floats (rows × factors) a query is scored on the calling thread only. */
  public static final long DEFAULT_MIN_FLOATS_TO_SPLIT = 1L << 22;

  private final float[] items;
  private final int rows;
  private final int cols;
  private final float[] rowScale;
  private final Executor executor;
  private final int parts;
  private final long minFloatsToSplit;

  /** A single-threaded scorer. */
  public TopKScorer(FactorMatrix items) {
    this(items, null, null, 1, Long.MAX_VALUE);
  }

  /**
   * @param rowScale a factor per row applied to its dot product (length = rows), or null
   * @param executor runs the extra ranges of a split query; null = never split
   * @param parts how many ranges a large query is split into (typically the number of cores)
   * @param minFloatsToSplit rows × factors from which queries are split
   */
  public TopKScorer(
      FactorMatrix items, float[] rowScale, Executor executor, int parts, long minFloatsToSplit) {
    if (rowScale != null && rowScale.length != items.rows()) {
      throw new IllegalArgumentException(
          "rowScale has " + rowScale.length + " entries for " + items.rows() + " rows");
    }
    this.items = items.data();
    this.rows = items.rows();
    this.cols = items.cols();
    this.rowScale = rowScale;
    this.executor = executor;
    this.parts = executor == null ? 1 : Math.max(1, parts);
    this.minFloatsToSplit = minFloatsToSplit;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** The {@code k} best candidate rows for {@code query} (length = factors), best first. */
  public ScoredRows top(float[] query, int k, Candidates candidates) {
    if (query.length != cols) {
      throw new IllegalArgumentException(
          "query has " + query.length + " factors, items have " + cols);
    }
    if (parts == 1 || (long) rows * cols < minFloatsToSplit || rows < 2 * parts) {
      TopKHeap heap = new TopKHeap(k);
      scan(query, 0, rows, candidates, heap);
      return heap.result();
    }
    return splitTop(query, k, candidates);
  }

  /** Scores rows [from, to) into {@code heap}. */
  public void scan(float[] query, int from, int to, Candidates candidates, TopKHeap heap) {
    if (candidates.filtersCategory()) {
      scanCategory(query, from, to, candidates, heap);
    } else {
      scanAll(query, from, to, candidates.excluded(), heap);
    }
  }

  private ScoredRows splitTop(float[] query, int k, Candidates candidates) {
    @SuppressWarnings("unchecked")
    CompletableFuture<ScoredRows>[] futures = new CompletableFuture[parts - 1];
    int chunk = (rows + parts - 1) / parts;
    for (int p = 0; p < parts - 1; p++) {
      int from = p * chunk;
      int to = Math.min(rows, from + chunk);
      futures[p] =
          CompletableFuture.supplyAsync(
              () -> {
                TopKHeap partial = new TopKHeap(k);
                scan(query, from, to, candidates, partial);
                return partial.result();
              },
              executor);
    }
    TopKHeap heap = new TopKHeap(k);
    scan(query, Math.min(rows, (parts - 1) * chunk), rows, candidates, heap);
    for (CompletableFuture<ScoredRows> future : futures) {
      heap.addAll(future.join());
    }
    return heap.result();
  }

  /**
   * Rows scored per call of the block kernel: a small scratch array per scan, reused for every
   * block.
   */
  private static final int BLOCK_ROWS = 64;

  /*
   * The hot loop. items is row-major, stride = cols: row r occupies items[r*cols, (r+1)*cols).
   * The kernel scores a block of rows into a scratch array, then the block's rows are offered.
   */
  private void scanAll(float[] q, int from, int to, RowMask excluded, TopKHeap heap) {
    float[] scores = new float[Math.min(BLOCK_ROWS, Math.max(0, to - from))];
    for (int row = from; row < to; row += BLOCK_ROWS) {
      int count = Math.min(BLOCK_ROWS, to - row);
      FloatKernels.dotRows(q, items, row, count, cols, scores, 0);
      for (int r = 0; r < count; r++) {
        offer(heap, scaled(scores[r], row + r), row + r, excluded);
      }
    }
  }

  private void scanCategory(float[] q, int from, int to, Candidates candidates, TopKHeap heap) {
    final int[] codes = candidates.rowCategories();
    final int wanted = candidates.category();
    final RowMask excluded = candidates.excluded();
    for (int row = from; row < to; row++) {
      if (codes[row] == wanted) {
        offer(heap, scaled(dot(q, row), row), row, excluded);
      }
    }
  }

  private static void offer(TopKHeap heap, float score, int row, RowMask excluded) {
    if ((score > heap.floorScore || score == heap.floorScore && row < heap.floorRow)
        && (excluded == null || !excluded.get(row))) {
      heap.push(score, row);
    }
  }

  private float scaled(float score, int row) {
    return rowScale == null ? score : score * rowScale[row];
  }

  /** One row's dot product, summed as the block kernel sums it. */
  private float dot(float[] q, int row) {
    return dot(q, 0, items, row * cols, cols);
  }

  /**
   * a[ao..ao+n) · b[bo..bo+n) by {@link FloatKernels#dot}, the sum every loop of this class uses:
   * whoever scores a row this way (e.g. the approximate index) gets the very score an exact scan
   * gives it.
   */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    return FloatKernels.dot(a, ao, b, bo, n);
  }
}
