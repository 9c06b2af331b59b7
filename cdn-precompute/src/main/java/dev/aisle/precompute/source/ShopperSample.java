package dev.aisle.precompute.source;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A uniform sample of at most {@code capacity} shoppers out of a stream of any length, in memory
 * bounded by the capacity (ids, vectors and one hash each): the shoppers whose ids hash lowest (a
 * bottom-k sample). Which shoppers are kept depends on their ids only, never on the order a table
 * scan returns them in, so the same shoppers give the same sample and the same segments. Below the
 * capacity every shopper is kept.
 *
 * <p>The hash is 64-bit FNV-1a of the id's UTF-8 bytes, finished with MurmurHash3's fmix64 (FNV
 * alone clusters short, similar ids). Not thread-safe: one scan feeds it.
 */
public final class ShopperSample implements ShopperVectors.Sink {

  private final int capacity;
  private final int factors;
  private long seen;
  private int size;
  private long[] hashes;
  private String[] ids;
  private float[] vectors;

  /** Slots as a max-heap on hash: the root is the first shopper to give up its place. */
  private int[] heap;

  public ShopperSample(int capacity, int factors) {
    if (capacity < 1 || factors < 1) {
      throw new IllegalArgumentException("a sample needs a capacity and factors");
    }
    this.capacity = capacity;
    this.factors = factors;
    int initial = Math.min(capacity, 1 << 12);
    hashes = new long[initial];
    ids = new String[initial];
    vectors = new float[initial * factors];
    heap = new int[initial];
  }

  @Override
  public void accept(String userId, float[] vector) {
    if (vector.length != factors) {
      throw new IllegalArgumentException(
          "shopper " + userId + " has " + vector.length + " factors, not " + factors);
    }
    seen++;
    long hash = hash(userId);
    int slot;
    if (size < capacity) {
      if (size == hashes.length) {
        grow();
      }
      slot = size;
      heap[size] = slot;
      size++;
      put(slot, hash, userId, vector);
      siftUp(size - 1);
    } else if (Long.compareUnsigned(hash, hashes[heap[0]]) < 0) {
      slot = heap[0];
      put(slot, hash, userId, vector);
      siftDown(0);
    }
  }

  /** Shoppers offered so far. */
  public long seen() {
    return seen;
  }

  public int size() {
    return size;
  }

  /** The sample, ordered by hash (a shopper offered twice is kept once). */
  public ShopperVectors.Loaded result() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byHash = Long.compareUnsigned(hashes[a], hashes[b]);
          return byHash != 0 ? byHash : ids[a].compareTo(ids[b]);
        });
    List<String> kept = new ArrayList<>(size);
    float[] data = new float[size * factors];
    String previous = null;
    for (int slot : order) {
      if (ids[slot].equals(previous)) {
        continue;
      }
      System.arraycopy(vectors, slot * factors, data, kept.size() * factors, factors);
      kept.add(ids[slot]);
      previous = ids[slot];
    }
    return new ShopperVectors.Loaded(
        new IdIndex(kept),
        new FactorMatrix(Arrays.copyOf(data, kept.size() * factors), kept.size(), factors));
  }

  /** The sample's hash of an id (see the class comment). */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private void put(int slot, long hash, String userId, float[] vector) {
    hashes[slot] = hash;
    ids[slot] = userId;
    System.arraycopy(vector, 0, vectors, slot * factors, factors);
  }

  private void grow() {
    int length = (int) Math.min(capacity, 2L * hashes.length);
    hashes = Arrays.copyOf(hashes, length);
    ids = Arrays.copyOf(ids, length);
    vectors = Arrays.copyOf(vectors, length * factors);
    heap = Arrays.copyOf(heap, length);
  }

  private boolean above(int a, int b) {
    return Long.compareUnsigned(hashes[heap[a]], hashes[heap[b]]) > 0;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!above(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int largest = left + 1 < size && above(left + 1, left) ? left + 1 : left;
      if (!above(largest, i)) {
        return;
      }
      swap(i, largest);
      i = largest;
    }
  }

  private void swap(int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }
}
