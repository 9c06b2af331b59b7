package dev.aisle.trainer.snapshot;

/**
 * Sorts a slice of an index array by a comparator over the indices (columns live in primitive
 * arrays; boxing a billion indices is what this avoids). Stable: a merge sort with insertion sort
 * on short runs.
 */
public final class IndexSort {

  private static final int SHORT = 24;

  /** Compares the rows two indices stand for. */
  @FunctionalInterface
  public interface Order {
    int compare(int a, int b);
  }

  private IndexSort() {}

  /**
   * @param scratch at least {@code to - from} long (or null: allocated when needed); the one used
   *     is returned
   */
  public static int[] sort(int[] index, int from, int to, Order order, int[] scratch) {
    int n = to - from;
    if (n < 2) {
      return scratch;
    }
    if (n <= SHORT) {
      insertion(index, from, to, order);
      return scratch;
    }
    int[] tmp = scratch != null && scratch.length >= n ? scratch : new int[n];
    mergeSort(index, from, to, order, tmp);
    return tmp;
  }

  private static void mergeSort(int[] a, int from, int to, Order order, int[] tmp) {
    if (to - from <= SHORT) {
      insertion(a, from, to, order);
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, from, mid, order, tmp);
    mergeSort(a, mid, to, order, tmp);
    if (order.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, 0, mid - from);
    int i = 0;
    int iEnd = mid - from;
    int j = mid;
    int k = from;
    while (i < iEnd && j < to) {
      a[k++] = order.compare(a[j], tmp[i]) < 0 ? a[j++] : tmp[i++];
    }
    while (i < iEnd) {
      a[k++] = tmp[i++];
    }
  }

  private static void insertion(int[] a, int from, int to, Order order) {
    for (int i = from + 1; i < to; i++) {
      int v = a[i];
      int j = i - 1;
      while (j >= from && order.compare(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }
}
