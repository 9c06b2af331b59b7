package dev.aisle.trainer.evaluation;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.model.SimilarItems;
import dev.aisle.parallel.Chunks;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.Arrays;

/**
 * The item-kNN baseline: cosine similarity of items over the users who touched them (binary), the
 * {@code neighbours} most similar kept per item; a user's score for item j is the sum of j's
 * similarities to the items the user touched. Neighbours are found only for the items the scored
 * users touched: evaluation samples a few thousand users, and their items are a small part of a
 * million-item catalog (finding an item's neighbours costs the items of the users who touched it,
 * never a pass over the catalog).
 */
public final class ItemKnnScorer implements Scorer {

  private final InteractionMatrix train;

  /** Item row → its slot in the neighbour arrays (−1: not computed). */
  private final int[] slotOf;

  /** Slot s: an item's neighbours at s · neighbours, −1 pads. */
  private final int[] neighbour;

  private final float[] similarity;
  private final int perItem;

  /** Neighbours for every item. */
  public ItemKnnScorer(InteractionMatrix train, int neighbours, int threads) {
    this(train, neighbours, threads, null);
  }

  /**
   * @param users the only users {@link #score} will be asked about (null: any)
   */
  public ItemKnnScorer(InteractionMatrix train, int neighbours, int threads, int[] users) {
    this.train = train;
    this.perItem = neighbours;
    int items = train.columns();
    this.slotOf = new int[items];
    int[] needed = neededItems(train, users);
    Arrays.fill(slotOf, -1);
    for (int s = 0; s < needed.length; s++) {
      slotOf[needed[s]] = s;
    }
    this.neighbour = new int[needed.length * neighbours];
    this.similarity = new float[needed.length * neighbours];
    Arrays.fill(neighbour, -1);
    build(train.transpose(), needed, threads);
  }

  private static int[] neededItems(InteractionMatrix train, int[] users) {
    if (users == null) {
      return java.util.stream.IntStream.range(0, train.columns()).toArray();
    }
    boolean[] used = new boolean[train.columns()];
    for (int u : users) {
      if (u < train.rows()) {
        for (int n = train.rowStart(u); n < train.rowEnd(u); n++) {
          used[train.cols()[n]] = true;
        }
      }
    }
    return java.util.stream.IntStream.range(0, used.length).filter(i -> used[i]).toArray();
  }

  private void build(InteractionMatrix itemUsers, int[] needed, int threads) {
    int items = itemUsers.rows();
    float[] norm = new float[items];
    for (int i = 0; i < items; i++) {
      norm[i] = (float) Math.sqrt(itemUsers.rowLength(i));
    }
    Chunks.run(
        "item-knn",
        threads,
        needed.length,
        () -> {
          float[] co = new float[items];
          int[] touched = new int[items];
          TopKHeap heap = new TopKHeap(perItem);
          return s -> neighboursOf(needed[s], s, itemUsers, norm, co, touched, heap);
        });
  }

  /** Item i's best neighbours by co-occurrence cosine; {@code co} is all zero before and after. */
  private void neighboursOf(
      int i,
      int slot,
      InteractionMatrix itemUsers,
      float[] norm,
      float[] co,
      int[] touched,
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
      neighbour[slot * perItem + r] = best.row(r);
      similarity[slot * perItem + r] = best.score(r);
    }
  }

  /**
   * Every item's neighbours in the model's layout (a blend model ships them); only for a scorer
   * built for any user, whose slots are the item rows.
   */
  public SimilarItems lists() {
    if (neighbour.length != train.columns() * perItem) {
      throw new IllegalStateException(
          "item-kNN was built for some users only: no list for every item");
    }
    return new SimilarItems(perItem, neighbour.clone(), similarity.clone());
  }

  @Override
  public void score(int user, float[] out) {
    Arrays.fill(out, 0f);
    for (int m = train.rowStart(user); m < train.rowEnd(user); m++) {
      int slot = slotOf[train.cols()[m]];
      if (slot < 0) {
        throw new IllegalStateException("item-kNN was built for other users than " + user);
      }
      for (int r = slot * perItem, end = r + perItem; r < end && neighbour[r] >= 0; r++) {
        out[neighbour[r]] += similarity[r];
      }
    }
  }
}
