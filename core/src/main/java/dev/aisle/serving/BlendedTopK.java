package dev.aisle.serving;

import dev.aisle.model.BlendSettings;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.Model;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.BlendRanking;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A blend model's top K for one shopper: candidates are the ALS top {@link
 * BlendSettings#alsCandidates} (over-fetched through the model's search, so the same exclusions and
 * category filter apply) and every item-kNN neighbour of the shopper's items that the candidates
 * allow; each gets both scores (the ALS score of a neighbour outside the ALS top is its dot product
 * with the shopper's vector; the item-kNN score of an item is the sum of its similarities to the
 * shopper's items, as the trainer's item-kNN scores), and {@link BlendRanking} orders them.
 */
final class BlendedTopK {

  private BlendedTopK() {}

  /**
   * @param shopperItems ids of the items the shopper interacted with (their recent window), each
   *     counted once; ids the model does not know are ignored
   * @param eligible how many items the candidates allow (for the search's choice of scan)
   */
  static ScoredRows top(
      ServedModel served,
      BlendSettings blend,
      float[] vector,
      List<String> shopperItems,
      int k,
      Candidates candidates,
      int eligible) {
    Model model = served.model();
    ScoredRows alsTop =
        served.search().top(vector, BlendSettings.alsCandidates(k), candidates, eligible);
    Map<Integer, Float> knnScores = knnScores(model, shopperItems, candidates);
    int n = alsTop.size() + knnScores.size();
    int[] rows = new int[n];
    float[] als = new float[n];
    float[] knn = new float[n];
    int c = 0;
    for (int i = 0; i < alsTop.size(); i++) {
      rows[c] = alsTop.row(i);
      als[c] = alsTop.score(i);
      Float s = knnScores.remove(rows[c]);
      knn[c++] = s == null ? 0f : s;
    }
    for (Map.Entry<Integer, Float> e : knnScores.entrySet()) {
      rows[c] = e.getKey();
      als[c] = dot(vector, model.itemFactors(), rows[c]);
      knn[c++] = e.getValue();
    }
    return BlendRanking.top(rows, als, knn, c, blend.alsWeight(), k);
  }

  private static Map<Integer, Float> knnScores(
      Model model, List<String> shopperItems, Candidates candidates) {
    SimilarItems lists = model.knn();
    Set<Integer> own = new LinkedHashSet<>();
    for (String id : shopperItems) {
      int row = model.items().rowOf(id);
      if (row >= 0) {
        own.add(row);
      }
    }
    Map<Integer, Float> scores = new HashMap<>();
    int perItem = lists.perItem();
    for (int item : own) {
      for (int r = item * perItem, end = r + perItem; r < end && lists.neighbours()[r] >= 0; r++) {
        int neighbour = lists.neighbours()[r];
        if (candidates.allows(neighbour)) {
          scores.merge(neighbour, lists.scores()[r], Float::sum);
        }
      }
    }
    return scores;
  }

  private static float dot(float[] vector, FactorMatrix factors, int row) {
    float[] data = factors.data();
    int o = factors.offset(row);
    float sum = 0f;
    for (int d = 0; d < vector.length; d++) {
      sum += vector[d] * data[o + d];
    }
    return sum;
  }
}
