package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.metrics.MetricSummary;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Measures a recommender on held-out rows: for each evaluated user, the top K items among those
 * not in the user's training rows, against the user's held-out items. Users are taken in fixed
 * chunks whose summaries merge in chunk order, so figures do not depend on threads.
 */
public final class Evaluator {

  private static final int CHUNK_USERS = 64;

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
  public Evaluator(InteractionMatrix seen, InteractionMatrix heldOut, int k, int maxUsers, long seed, int threads) {
    this.seen = seen;
    this.heldOut = heldOut;
    this.k = k;
    this.threads = threads;
    this.users = sample(heldOut, maxUsers, seed);
  }

  public int users() {
    return users.length;
  }

  /** @param scorers one scorer per worker thread (a scorer owns scratch space) */
  public MetricSummary evaluate(Supplier<Scorer> scorers) {
    int items = seen.columns();
    int chunks = Chunks.count(users.length, CHUNK_USERS);
    MetricSummary[] partial = new MetricSummary[chunks];
    Chunks.run("evaluation", threads, chunks, () -> {
      Scorer scorer = scorers.get();
      float[] scores = new float[items];
      TopKHeap heap = new TopKHeap(k);
      return c -> {
        MetricSummary summary = new MetricSummary(k, items);
        for (int x = c * CHUNK_USERS, end = Math.min(users.length, (c + 1) * CHUNK_USERS); x < end; x++) {
          int u = users[x];
          scorer.score(u, scores);
          summary.add(topK(u, scores, heap), relevant(u));
        }
        partial[c] = summary;
      };
    });
    MetricSummary total = new MetricSummary(k, items);
    for (MetricSummary p : partial) {
      total.merge(p);
    }
    return total;
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
    ScoredRows best = heap.result();
    int[] ranked = new int[best.size()];
    for (int r = 0; r < ranked.length; r++) {
      ranked[r] = best.row(r);
    }
    return ranked;
  }

  private int[] relevant(int user) {
    return java.util.Arrays.copyOfRange(heldOut.cols(), heldOut.rowStart(user), heldOut.rowEnd(user));
  }

  private static int[] sample(InteractionMatrix heldOut, int maxUsers, long seed) {
    int[] candidates = java.util.stream.IntStream.range(0, heldOut.rows()).filter(u -> heldOut.rowLength(u) > 0).toArray();
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
