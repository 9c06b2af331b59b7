package dev.aisle.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams the shoppers of one part file (layout: {@link PartWriter}), one at a time into a {@link
 * ShopperPairs} buffer. Buffers on its own, like the writer.
 */
public final class PartReader implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final long cut;
  private final byte[] buffer = new byte[BUFFER];
  private int position;
  private int limit;
  private byte[] idBytes = new byte[64];
  private boolean done;

  /**
   * @param in closed with this reader
   */
  public PartReader(InputStream in, long cutMs) throws IOException {
    this.in = in;
    this.cut = cutMs;
    byte[] magic = new byte[PartWriter.MAGIC.length];
    readFully(magic, magic.length);
    if (!Arrays.equals(magic, PartWriter.MAGIC)) {
      throw new CorruptSnapshotException("not a snapshot part (bad magic)");
    }
  }

  /** Reads the next shopper into {@code into}; false at the end of the part. */
  public boolean next(ShopperPairs into) throws IOException {
    if (done) {
      return false;
    }
    int length = (int) readVarLong();
    if (length == 0) {
      done = true;
      return false;
    }
    if (idBytes.length < length) {
      idBytes = new byte[Math.max(length, idBytes.length * 2)];
    }
    readFully(idBytes, length);
    String id = new String(idBytes, 0, length, StandardCharsets.UTF_8);
    into.reset(id, (int) readVarLong());
    int pairs = (int) readVarLong();
    int item = 0;
    for (int p = 0; p < pairs; p++) {
      item += (int) readVarLong();
      float weight = readFloat();
      float popularity = readFloat();
      long zigzag = readVarLong();
      long last = cut - ((zigzag >>> 1) ^ -(zigzag & 1));
      long first = last - readVarLong();
      int events = (int) readVarLong();
      int flags = read();
      into.add(item, weight, popularity, first, last, events, (flags & 1) != 0);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private int read() throws IOException {
    if (position == limit) {
      limit = in.read(buffer, 0, BUFFER);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        throw new EOFException("snapshot part ends in the middle of a shopper");
      }
    }
    return buffer[position++] & 0xFF;
  }

  private void readFully(byte[] into, int length) throws IOException {
    for (int i = 0; i < length; i++) {
      into[i] = (byte) read();
    }
  }

  private long readVarLong() throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = read();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptSnapshotException("varint longer than 64 bits");
  }

  private float readFloat() throws IOException {
    return Float.intBitsToFloat(read() | read() << 8 | read() << 16 | read() << 24);
  }
}
