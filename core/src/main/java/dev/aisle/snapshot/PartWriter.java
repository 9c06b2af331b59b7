package dev.aisle.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one part file of the snapshot. Layout (all integers are unsigned LEB128 varints unless
 * said otherwise; floats are IEEE float32 little-endian):
 *
 * <pre>
 *   "AISLSNP1"                                   8-byte magic and format version
 *   per shopper, in ascending id order (String.compareTo):
 *     id length, id (UTF-8, never empty)
 *     kept events, pair count
 *     per pair, in ascending item order:
 *       item − previous item of this shopper (the first: the item itself)
 *       weight (float32), decayed event count (float32)
 *       zigzag(cut − last event ms), last − first event ms
 *       events, flags (one byte: bit 0 = bought)
 *   0                                            (an id length of 0 ends the part)
 * </pre>
 *
 * Times are stored relative to the snapshot's cut, so they stay small. The writer buffers on its
 * own (a byte at a time through a synchronized stream would cost more than the encoding). Not
 * thread-safe.
 */
public final class PartWriter implements AutoCloseable {

  static final byte[] MAGIC = "AISLSNP1".getBytes(StandardCharsets.US_ASCII);

  private static final int BUFFER = 1 << 16;

  private final OutputStream out;
  private final long cut;
  private final byte[] buffer = new byte[BUFFER];
  private int position;
  private String lastId;
  private long shoppers;
  private long pairs;
  private long events;
  private boolean closed;

  /**
   * @param out closed with this writer
   */
  public PartWriter(OutputStream out, long cutMs) throws IOException {
    this.out = out;
    this.cut = cutMs;
    writeBytes(MAGIC, MAGIC.length);
  }

  public void write(ShopperPairs shopper) throws IOException {
    String id = shopper.shopperId();
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a shopper needs an id");
    }
    if (lastId != null && lastId.compareTo(id) >= 0) {
      throw new IllegalArgumentException("shoppers out of order: " + lastId + " before " + id);
    }
    if (shopper.size() == 0) {
      return;
    }
    lastId = id;
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    writeVarLong(bytes.length);
    writeBytes(bytes, bytes.length);
    writeVarLong(shopper.events());
    writeVarLong(shopper.size());
    int previous = 0;
    for (int p = 0; p < shopper.size(); p++) {
      int item = shopper.item(p);
      if (item < previous || p > 0 && item == previous) {
        throw new IllegalArgumentException("pairs of " + id + " out of item order");
      }
      writeVarLong(item - previous);
      previous = item;
      writeFloat(shopper.weight(p));
      writeFloat(shopper.popularity(p));
      long age = cut - shopper.last(p);
      writeVarLong((age << 1) ^ (age >> 63));
      writeVarLong(shopper.last(p) - shopper.first(p));
      writeVarLong(shopper.eventCount(p));
      writeByte(shopper.bought(p) ? 1 : 0);
    }
    shoppers++;
    pairs += shopper.size();
    events += shopper.events();
  }

  public long shoppers() {
    return shoppers;
  }

  public long pairs() {
    return pairs;
  }

  public long events() {
    return events;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      writeByte(0);
      flush();
      out.close();
    }
  }

  private void writeVarLong(long v) throws IOException {
    if (v < 0) {
      throw new IllegalArgumentException(
          "negative varint " + v + " (a pair's first time after its last?)");
    }
    while ((v & ~0x7FL) != 0) {
      writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    writeByte((int) v);
  }

  private void writeFloat(float f) throws IOException {
    int bits = Float.floatToRawIntBits(f);
    writeByte(bits);
    writeByte(bits >>> 8);
    writeByte(bits >>> 16);
    writeByte(bits >>> 24);
  }

  private void writeByte(int b) throws IOException {
    if (position == BUFFER) {
      flush();
    }
    buffer[position++] = (byte) b;
  }

  private void writeBytes(byte[] bytes, int length) throws IOException {
    for (int i = 0; i < length; i++) {
      writeByte(bytes[i]);
    }
  }

  private void flush() throws IOException {
    out.write(buffer, 0, position);
    position = 0;
  }
}
