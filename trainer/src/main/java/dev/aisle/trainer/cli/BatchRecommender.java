package dev.aisle.trainer.cli;

import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Top-K for one user of a model: x_u · Yᵀ over all items, minus what the user bought (from the
 * model) and any extra ids to exclude; users the model does not know get the popular list.
 */
final class BatchRecommender {

  /** One output line. */
  record Recommendation(String userId, String source, List<RankedItem> items) {}

  private final Model model;
  private final float[] scores;

  BatchRecommender(Model model) {
    this.model = model;
    this.scores = new float[model.items().size()];
  }

  Recommendation recommend(String userId, int k, boolean excludeBought, Set<String> exclude) {
    int u = model.users().rowOf(userId);
    if (u < 0) {
      List<RankedItem> popular = model.popular().overall().stream()
          .filter(i -> !exclude.contains(i.itemId())).limit(k).toList();
      return new Recommendation(userId, "popular", popular);
    }
    float[] x = model.userFactors().data();
    float[] y = model.itemFactors().data();
    int f = model.factors();
    for (int i = 0; i < scores.length; i++) {
      float s = 0f;
      for (int d = 0; d < f; d++) {
        s += x[u * f + d] * y[i * f + d];
      }
      scores[i] = s;
    }
    TopKHeap heap = new TopKHeap(k);
    for (int i = 0; i < scores.length; i++) {
      if (excludeBought && model.purchased().contains(u, i) || exclude.contains(model.items().idAt(i))) {
        continue;
      }
      heap.offer(scores[i], i);
    }
    ScoredRows best = heap.result();
    List<RankedItem> items = new ArrayList<>(best.size());
    for (int r = 0; r < best.size(); r++) {
      items.add(new RankedItem(model.items().idAt(best.row(r)), Math.round(best.score(r) * 1e6) / 1e6));
    }
    return new Recommendation(userId, "personalized", items);
  }
}
