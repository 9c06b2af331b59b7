package dev.aisle.model;

/**
 * The heap a model will take once read, estimated from its manifest alone, before anything is
 * allocated. Every product is taken in {@code long} and saturates at {@link Long#MAX_VALUE}: a
 * manifest may claim any count (items × factors of two large ints overflows an int, and even a long
 * once multiplied by the bytes per value), and must then be refused, not wrap around to a small
 * number.
 *
 * <p>What is counted is what the readers allocate: the item factors (4 bytes a value), the Gramian
 * (8 bytes a value), the id and category strings (their file size plus a per-item object overhead),
 * the popular lists, and, when the reader takes them, the similar items (8 bytes a neighbour), the
 * item graph and the catalog; a blend's item-kNN lists always. Shopper data (format 1's user
 * factors) is never read.
 */
public final class ModelFootprint {

  /** A String object, its byte array's header and the index's entry for it, roughly. */
  static final long PER_ID_OVERHEAD = 64;

  /** A category reference per item (the strings themselves are shared). */
  static final long PER_CATEGORY = 8;

  /** Parsed JSON (popular lists, catalog) takes a few times its text. */
  static final long JSON_EXPANSION = 4;

  private ModelFootprint() {}

  /**
   * Estimated bytes of {@code manifest}'s model read with {@code parts}; Long.MAX_VALUE for absurd
   * counts.
   */
  public static long bytes(ModelManifest manifest, ModelFiles.Parts parts) {
    long items = manifest.items();
    long k = manifest.factors();
    if (items < 0 || k < 0 || manifest.similarPerItem() < 0) {
      return Long.MAX_VALUE;
    }
    long total = 0;
    total = add(total, times(times(items, k), Float.BYTES));
    total = add(total, times(times(k, k), Double.BYTES));
    total =
        add(total, add(fileBytes(manifest, ModelFiles.ITEM_IDS), times(items, PER_ID_OVERHEAD)));
    total =
        add(
            total,
            add(fileBytes(manifest, ModelFiles.ITEM_CATEGORIES), times(items, PER_CATEGORY)));
    total = add(total, times(fileBytes(manifest, ModelFiles.POPULAR), JSON_EXPANSION));
    // a blend's item-kNN lists are read with every part set (4 bytes a value, as in the files)
    total =
        add(
            total,
            add(
                fileBytes(manifest, ModelFiles.KNN_ITEMS),
                fileBytes(manifest, ModelFiles.KNN_SCORES)));
    if (parts.similar()) {
      total =
          add(total, times(times(items, manifest.similarPerItem()), Integer.BYTES + Float.BYTES));
    }
    if (parts.graph()) {
      total = add(total, fileBytes(manifest, ModelFiles.ITEM_GRAPH));
    }
    if (parts.catalog()) {
      total = add(total, times(fileBytes(manifest, ModelFiles.CATALOG_ITEMS), JSON_EXPANSION));
    }
    return total;
  }

  private static long fileBytes(ModelManifest manifest, String name) {
    ModelManifest.FileEntry entry = manifest.files().get(name);
    return entry == null ? 0 : Math.max(0, entry.bytes());
  }

  private static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
