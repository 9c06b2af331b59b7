package dev.aisle.similarity;

import dev.aisle.catalog.Item;
import dev.aisle.model.IdIndex;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Content similarity over a catalog: TF-IDF vectors of {@link ContentTerms} (weight (1 + ln tf) ·
 * (1 + ln((1 + N)/(1 + df))), L2-normalized) with an inverted index, so the neighbours of an item
 * are found by touching only the items that share a term with it. This is what gives items the
 * model has not seen yet (no factors) their neighbours.
 *
 * <p>Immutable after {@link #build}; {@link #similar} is thread-safe (per-thread scratch arrays).
 */
public final class ContentIndex {

  private final IdIndex ids;
  private final Map<String, Integer> vocabulary;
  private final float[] idf;
  private final SparseVector[] vectors;
  // postings of term t: docs[start[t] .. start[t+1]) with their weights, CSR layout
  private final int[] start;
  private final int[] docs;
  private final float[] weights;
  private final ThreadLocal<float[]> scratch;

  private ContentIndex(
      IdIndex ids, Map<String, Integer> vocabulary, float[] idf, SparseVector[] vectors) {
    this.ids = ids;
    this.vocabulary = vocabulary;
    this.idf = idf;
    this.vectors = vectors;
    this.start = new int[idf.length + 1];
    for (SparseVector v : vectors) {
      for (int t : v.terms()) {
        start[t + 1]++;
      }
    }
    for (int t = 0; t < idf.length; t++) {
      start[t + 1] += start[t];
    }
    this.docs = new int[start[idf.length]];
    this.weights = new float[docs.length];
    int[] fill = Arrays.copyOf(start, idf.length);
    for (int doc = 0; doc < vectors.length; doc++) {
      SparseVector v = vectors[doc];
      for (int i = 0; i < v.terms().length; i++) {
        int at = fill[v.terms()[i]]++;
        docs[at] = doc;
        weights[at] = v.weights()[i];
      }
    }
    this.scratch = ThreadLocal.withInitial(() -> new float[vectors.length]);
  }

  /** Indexes {@code items} (row order = iteration order; ids must be unique). */
  public static ContentIndex build(Collection<Item> items) {
    List<String> idList = new ArrayList<>(items.size());
    List<List<String>> termLists = new ArrayList<>(items.size());
    Map<String, Integer> vocabulary = new HashMap<>();
    List<Integer> df = new ArrayList<>();
    for (Item item : items) {
      idList.add(item.itemId());
      List<String> terms = ContentTerms.of(item);
      termLists.add(terms);
      for (String term : new HashSet<>(terms)) {
        Integer id = vocabulary.putIfAbsent(term, vocabulary.size());
        if (id == null) {
          df.add(1);
        } else {
          df.set(id, df.get(id) + 1);
        }
      }
    }
    float[] idf = new float[vocabulary.size()];
    for (int t = 0; t < idf.length; t++) {
      idf[t] = idf(items.size(), df.get(t));
    }
    SparseVector[] vectors = new SparseVector[items.size()];
    for (int doc = 0; doc < vectors.length; doc++) {
      vectors[doc] = vectorize(termLists.get(doc), vocabulary, idf, items.size());
    }
    return new ContentIndex(new IdIndex(idList), Map.copyOf(vocabulary), idf, vectors);
  }

  public IdIndex ids() {
    return ids;
  }

  public int size() {
    return vectors.length;
  }

  public SparseVector vector(int row) {
    return vectors[row];
  }

  /**
   * The vector of an item that may not be indexed (e.g. added to the catalog since): weighted with
   * this index's document frequencies; terms the index has never seen count in the norm only.
   */
  public SparseVector vectorOf(Item item) {
    int row = ids.rowOf(item.itemId());
    return row >= 0
        ? vectors[row]
        : vectorize(ContentTerms.of(item), vocabulary, idf, vectors.length);
  }

  /**
   * The {@code k} indexed rows most similar to {@code query} (cosine, only rows sharing a term),
   * best first; rows for which {@code excluded} is true are left out.
   */
  public ScoredRows similar(SparseVector query, int k, IntPredicate excluded) {
    float[] acc = scratch.get();
    int[] touched = new int[Math.min(vectors.length, postingsLength(query))];
    int count = 0;
    for (int i = 0; i < query.terms().length; i++) {
      int t = query.terms()[i];
      float w = query.weights()[i];
      for (int p = start[t]; p < start[t + 1]; p++) {
        int doc = docs[p];
        if (acc[doc] == 0f) {
          touched[count++] = doc;
        }
        acc[doc] += w * weights[p];
      }
    }
    TopKHeap heap = new TopKHeap(k);
    for (int i = 0; i < count; i++) {
      int doc = touched[i];
      float score = acc[doc];
      acc[doc] = 0f;
      if (heap.accepts(score, doc) && !excluded.test(doc)) {
        heap.offer(score, doc);
      }
    }
    return heap.result();
  }

  private int postingsLength(SparseVector query) {
    int n = 0;
    for (int t : query.terms()) {
      n += start[t + 1] - start[t];
    }
    return n;
  }

  private static float idf(int documents, int df) {
    return (float) (1 + Math.log((1.0 + documents) / (1.0 + df)));
  }

  private static SparseVector vectorize(
      List<String> terms, Map<String, Integer> vocabulary, float[] idf, int documents) {
    Map<String, Integer> counts = new HashMap<>();
    for (String term : terms) {
      counts.merge(term, 1, Integer::sum);
    }
    double norm = 0;
    Map<Integer, Float> known = new TreeMap<>();
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      Integer id = vocabulary.get(entry.getKey());
      float termIdf = id == null ? idf(documents, 0) : idf[id];
      float w = (float) (1 + Math.log(entry.getValue())) * termIdf;
      norm += (double) w * w;
      if (id != null) {
        known.put(id, w);
      }
    }
    if (known.isEmpty()) {
      return SparseVector.empty();
    }
    float scale = (float) (1 / Math.sqrt(norm));
    int[] ids = new int[known.size()];
    float[] ws = new float[known.size()];
    int i = 0;
    for (Map.Entry<Integer, Float> entry : known.entrySet()) {
      ids[i] = entry.getKey();
      ws[i++] = entry.getValue() * scale;
    }
    return new SparseVector(ids, ws);
  }
}
