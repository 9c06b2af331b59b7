package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.StableHash;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.hygiene.RowRules;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The first streaming pass: each row read is checked ({@link RowRules}: invalid rows counted and
 * refused, missing quantities imputed), its item gets its snapshot row, and it is appended to the
 * local file of its shopper's part, so no event stays in memory; each part is then folded on its
 * own ({@link PartFold}). Record layout (varints are unsigned LEB128):
 *
 * <pre>
 *   shopper id length, shopper id (UTF-8), item row,
 *   type (one byte: ordinal; bit 7 set when a value follows), timestamp (int64 LE),
 *   value (float64 LE, when flagged)
 * </pre>
 *
 * Thread-safe: the events table's readers call it from several threads.
 */
final class EventSpill implements Consumer<Interaction>, AutoCloseable {

  static final int HAS_VALUE = 0x80;
  private static final int BUFFER = 1 << 15;

  private final Path dir;
  private final ItemDictionary items;
  private final HygieneReport report;
  private final OutputStream[] files;
  private final byte[][] buffers;
  private final int[] filled;
  private final long[] rows;
  private long accepted;

  EventSpill(Path dir, int parts, ItemDictionary items, HygieneReport report) {
    this.dir = dir;
    this.items = items;
    this.report = report;
    this.files = new OutputStream[parts];
    this.buffers = new byte[parts][];
    this.filled = new int[parts];
    this.rows = new long[parts];
    try {
      Files.createDirectories(dir);
      for (int p = 0; p < parts; p++) {
        files[p] = Files.newOutputStream(file(p));
        buffers[p] = new byte[BUFFER];
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot create spill files in " + dir, e);
    }
  }

  Path file(int part) {
    return dir.resolve(String.format(java.util.Locale.ROOT, "spill-%05d.bin", part));
  }

  /** Rows of a part's file (what {@link PartFold} will read back). */
  long rows(int part) {
    return rows[part];
  }

  /** Rows that passed the per-row rules. */
  synchronized long accepted() {
    return accepted;
  }

  @Override
  public synchronized void accept(Interaction input) {
    Interaction row = RowRules.check(input, report);
    if (row == null) {
      return;
    }
    int part = StableHash.bucket(row.userId(), files.length);
    byte[] user = row.userId().getBytes(StandardCharsets.UTF_8);
    ensure(part, user.length + 5 + 5 + 1 + 8 + 8);
    byte[] b = buffers[part];
    int at = filled[part];
    at = varint(b, at, user.length);
    System.arraycopy(user, 0, b, at, user.length);
    at += user.length;
    at = varint(b, at, items.rowOf(row.itemId()));
    b[at++] = (byte) (row.type().ordinal() | (row.hasValue() ? HAS_VALUE : 0));
    at = int64(b, at, row.timestamp());
    if (row.hasValue()) {
      at = int64(b, at, Double.doubleToRawLongBits(row.value()));
    }
    filled[part] = at;
    rows[part]++;
    accepted++;
  }

  private void ensure(int part, int bytes) {
    if (filled[part] + bytes > buffers[part].length) {
      flush(part);
      if (bytes > buffers[part].length) {
        buffers[part] = new byte[bytes];
      }
    }
  }

  private void flush(int part) {
    try {
      files[part].write(buffers[part], 0, filled[part]);
      filled[part] = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(part), e);
    }
  }

  private static int varint(byte[] b, int at, int v) {
    while ((v & ~0x7F) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  private static int int64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at++] = (byte) (v >>> (8 * i));
    }
    return at;
  }

  @Override
  public synchronized void close() {
    IOException failed = null;
    for (int p = 0; p < files.length; p++) {
      if (files[p] == null) {
        continue;
      }
      try {
        if (filled[p] > 0) {
          files[p].write(buffers[p], 0, filled[p]);
          filled[p] = 0;
        }
        files[p].close();
      } catch (IOException e) {
        failed = e;
      }
      files[p] = null;
      buffers[p] = null;
    }
    if (failed != null) {
      throw new UncheckedIOException("cannot write spill files in " + dir, failed);
    }
  }
}
