package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.ShopperPairs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.PriorityQueue;

/**
 * Every shopper of a local snapshot in ascending id order: each part is already sorted, so this is
 * a P-way merge of open part readers (no shopper ids are held beyond one per part). Training gives
 * shoppers their rows in this order, the order the trainer has always used.
 */
public final class ShopperMerge implements AutoCloseable {

  private final PartReader[] readers;
  private final ShopperPairs[] heads;
  private final PriorityQueue<Integer> queue;
  private int current = -1;

  public ShopperMerge(LocalSnapshot snapshot) {
    int parts = snapshot.manifest().parts();
    readers = new PartReader[parts];
    heads = new ShopperPairs[parts];
    queue =
        new PriorityQueue<>(
            Math.max(1, parts), (a, b) -> heads[a].shopperId().compareTo(heads[b].shopperId()));
    try {
      for (int p = 0; p < parts; p++) {
        readers[p] = new PartReader(Files.newInputStream(snapshot.part(p)), snapshot.cutMs());
        heads[p] = new ShopperPairs();
        if (readers[p].next(heads[p])) {
          queue.add(p);
        }
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(
          "cannot open the parts of snapshot " + snapshot.manifest().version(), e);
    }
  }

  /** The next shopper (a buffer valid until the next call), or null after the last. */
  public ShopperPairs next() {
    try {
      if (current >= 0 && readers[current].next(heads[current])) {
        queue.add(current);
      }
      Integer p = queue.poll();
      current = p == null ? -1 : p;
      return p == null ? null : heads[p];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a snapshot part", e);
    }
  }

  @Override
  public void close() {
    for (PartReader r : readers) {
      if (r != null) {
        try {
          r.close();
        } catch (IOException ignored) {
          // read-only local files
        }
      }
    }
  }
}
