package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.metrics.MetricSummary;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Measures a recommender on held-out rows: for each evaluated user, the top K items among those not
 * in the user's training rows, against the user's held-out items. Users are taken in fixed chunks
 * whose summaries merge in chunk order, so figures do not depend on threads. A {@link BlockScorer}
 * is asked for blocks of {@value #BLOCK_ITEMS} items, every user of the chunk per block, each
 * user's top K kept in a heap across blocks: memory per worker does not grow with the catalog
 * beyond the scorer's own, and item data is read once per chunk rather than per user. Either way
 * every user's candidates are offered in item order, so both give the same lists.
 */
public final class Evaluator {

  private static final int CHUNK_USERS = 64;
  static final int BLOCK_ITEMS = 2048;

  private final InteractionMatrix seen;
  private final InteractionMatrix heldOut;
  private final int k;
  private final int[] users;
  private final int threads;

  /**
   * @param seen the rows the recommender was fitted on (excluded from its lists)
   * @param heldOut the relevant items per user (users without any are not evaluated)
   * @param maxUsers evaluate a seeded sample of at most this many users (0: all)
   */
  public Evaluator(
      InteractionMatrix seen,
      InteractionMatrix heldOut,
      int k,
      int maxUsers,
      long seed,
      int threads) {
    this.seen = seen;
    this.heldOut = heldOut;
    this.k = k;
    this.threads = threads;
    this.users = sample(heldOut, maxUsers, seed);
  }

  public int users() {
    return users.length;
  }

  /** The evaluated users' rows, ascending (a copy). */
  public int[] sampledUsers() {
    return users.clone();
  }

  /**
   * @param scorers one scorer per worker thread (a scorer owns scratch space)
   */
  public MetricSummary evaluate(Supplier<Scorer> scorers) {
    int items = seen.columns();
    int chunks = Chunks.count(users.length, CHUNK_USERS);
    MetricSummary[] partial = new MetricSummary[chunks];
    Chunks.run(
        "evaluation",
        threads,
        chunks,
        () -> {
          Scorer scorer = scorers.get();
          return scorer instanceof BlockScorer block
              ? blocked(block, items, partial)
              : perUser(scorer, items, partial);
        });
    MetricSummary total = new MetricSummary(k, items);
    for (MetricSummary p : partial) {
      total.merge(p);
    }
    return total;
  }

  private IntConsumer perUser(Scorer scorer, int items, MetricSummary[] partial) {
    float[] scores = new float[items];
    TopKHeap heap = new TopKHeap(k);
    return c -> {
      MetricSummary summary = new MetricSummary(k, items);
      for (int x = c * CHUNK_USERS, end = Math.min(users.length, (c + 1) * CHUNK_USERS);
          x < end;
          x++) {
        int u = users[x];
        scorer.score(u, scores);
        summary.add(topK(u, scores, heap), relevant(u));
      }
      partial[c] = summary;
    };
  }

  private IntConsumer blocked(BlockScorer scorer, int items, MetricSummary[] partial) {
    float[] scores = new float[Math.min(items, BLOCK_ITEMS)];
    TopKHeap[] heaps = new TopKHeap[CHUNK_USERS];
    for (int h = 0; h < heaps.length; h++) {
      heaps[h] = new TopKHeap(k);
    }
    int[] nextSeen = new int[CHUNK_USERS];
    return c -> {
      int first = c * CHUNK_USERS;
      int n = Math.min(users.length, first + CHUNK_USERS) - first;
      for (int r = 0; r < n; r++) {
        heaps[r].clear();
        nextSeen[r] = users[first + r] < seen.rows() ? seen.rowStart(users[first + r]) : 0;
      }
      for (int from = 0; from < items; from += BLOCK_ITEMS) {
        int width = Math.min(BLOCK_ITEMS, items - from);
        for (int r = 0; r < n; r++) {
          int u = users[first + r];
          scorer.score(u, from, width, scores);
          nextSeen[r] = offerUnseen(u, from, width, scores, nextSeen[r], heaps[r]);
        }
      }
      MetricSummary summary = new MetricSummary(k, items);
      for (int r = 0; r < n; r++) {
        summary.add(ranked(heaps[r]), relevant(users[first + r]));
      }
      partial[c] = summary;
    };
  }

  /**
   * Offers the block's items the user has not seen (their seen items ascend: one cursor per user
   * walks them along the blocks); returns the cursor.
   */
  private int offerUnseen(
      int user, int from, int width, float[] scores, int cursor, TopKHeap heap) {
    int end = user < seen.rows() ? seen.rowEnd(user) : 0;
    int[] cols = seen.cols();
    for (int j = 0; j < width; j++) {
      int item = from + j;
      while (cursor < end && cols[cursor] < item) {
        cursor++;
      }
      if (cursor < end && cols[cursor] == item) {
        continue;
      }
      heap.offer(scores[j], item);
    }
    return cursor;
  }

  private static int[] ranked(TopKHeap heap) {
    ScoredRows best = heap.result();
    int[] ranked = new int[best.size()];
    for (int r = 0; r < ranked.length; r++) {
      ranked[r] = best.row(r);
    }
    return ranked;
  }

  /** The best K unseen items, best first. */
  int[] topK(int user, float[] scores, TopKHeap heap) {
    if (user < seen.rows()) {
      for (int n = seen.rowStart(user); n < seen.rowEnd(user); n++) {
        scores[seen.cols()[n]] = Float.NEGATIVE_INFINITY;
      }
    }
    heap.clear();
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] != Float.NEGATIVE_INFINITY) {
        heap.offer(scores[i], i);
      }
    }
    return ranked(heap);
  }

  private int[] relevant(int user) {
    return java.util.Arrays.copyOfRange(
        heldOut.cols(), heldOut.rowStart(user), heldOut.rowEnd(user));
  }

  private static int[] sample(InteractionMatrix heldOut, int maxUsers, long seed) {
    int[] candidates =
        java.util.stream.IntStream.range(0, heldOut.rows())
            .filter(u -> heldOut.rowLength(u) > 0)
            .toArray();
    if (maxUsers <= 0 || candidates.length <= maxUsers) {
      return candidates;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = candidates.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = tmp;
    }
    int[] chosen = java.util.Arrays.copyOf(candidates, maxUsers);
    java.util.Arrays.sort(chosen);
    return chosen;
  }
}
