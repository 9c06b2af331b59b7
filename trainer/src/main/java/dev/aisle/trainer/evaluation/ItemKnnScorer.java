package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;

/**
 * The item-kNN baseline: cosine similarity of items over the users who touched them (binary), the
 * {@code neighbours} most similar kept per item; a user's score for item j is the sum of j's
 * similarities to the items the user touched.
 */
public final class ItemKnnScorer implements Scorer {

  private final InteractionMatrix train;
  /** Row i: item i's neighbours, stride = neighbours; -1 pads. */
  private final int[] neighbour;
  private final float[] similarity;
  private final int perItem;

  public ItemKnnScorer(InteractionMatrix train, int neighbours, int threads) {
    this.train = train;
    this.perItem = neighbours;
    int items = train.columns();
    this.neighbour = new int[items * neighbours];
    this.similarity = new float[items * neighbours];
    java.util.Arrays.fill(neighbour, -1);
    build(train.transpose(), threads);
  }

  private void build(InteractionMatrix itemUsers, int threads) {
    int items = itemUsers.rows();
    float[] norm = new float[items];
    for (int i = 0; i < items; i++) {
      norm[i] = (float) Math.sqrt(itemUsers.rowLength(i));
    }
    Chunks.run("item-knn", threads, items, () -> {
      float[] co = new float[items];
      int[] touched = new int[items];
      TopKHeap heap = new TopKHeap(perItem);
      return i -> neighboursOf(i, itemUsers, norm, co, touched, heap);
    });
  }

  /** Item i's best neighbours by co-occurrence cosine; {@code co} is all zero before and after. */
  private void neighboursOf(int i, InteractionMatrix itemUsers, float[] norm, float[] co, int[] touched,
      TopKHeap heap) {
    int nTouched = 0;
    for (int n = itemUsers.rowStart(i); n < itemUsers.rowEnd(i); n++) {
      int u = itemUsers.cols()[n];
      for (int m = train.rowStart(u); m < train.rowEnd(u); m++) {
        int j = train.cols()[m];
        if (co[j] == 0f) {
          touched[nTouched++] = j;
        }
        co[j] += 1f;
      }
    }
    heap.clear();
    for (int x = 0; x < nTouched; x++) {
      int j = touched[x];
      if (j != i) {
        heap.offer(co[j] / (norm[i] * norm[j]), j);
      }
      co[j] = 0f;
    }
    ScoredRows best = heap.result();
    for (int r = 0; r < best.size(); r++) {
      neighbour[i * perItem + r] = best.row(r);
      similarity[i * perItem + r] = best.score(r);
    }
  }

  @Override
  public void score(int user, float[] out) {
    java.util.Arrays.fill(out, 0f);
    for (int m = train.rowStart(user); m < train.rowEnd(user); m++) {
      int i = train.cols()[m];
      for (int r = i * perItem, end = r + perItem; r < end && neighbour[r] >= 0; r++) {
        out[neighbour[r]] += similarity[r];
      }
    }
  }
}
