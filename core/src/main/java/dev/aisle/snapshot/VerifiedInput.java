package dev.aisle.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A snapshot file as read from storage: on close it reads whatever is left and checks the size and
 * SHA-256 its manifest states, so a torn or altered file fails the run instead of training on it.
 */
final class VerifiedInput extends FilterInputStream {

  private final String name;
  private final SnapshotManifest.FileEntry entry;
  private final MessageDigest digest = Checksums.sha256();
  private long count;
  private boolean closed;

  VerifiedInput(InputStream in, String name, SnapshotManifest.FileEntry entry) {
    super(in);
    this.name = name;
    this.entry = entry;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping would leave bytes out of the digest
    return transferTo(OutputStream.nullOutputStream(), n);
  }

  private long transferTo(OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      transferTo(OutputStream.nullOutputStream(), Long.MAX_VALUE);
      String actual = HexFormat.of().formatHex(digest.digest());
      if (count != entry.bytes() || !actual.equals(entry.sha256())) {
        throw new CorruptSnapshotException(
            name
                + " ("
                + entry.path()
                + ") does not match its manifest: "
                + count
                + " bytes, sha256 "
                + actual
                + "; expected "
                + entry.bytes()
                + " bytes, sha256 "
                + entry.sha256());
      }
    } finally {
      in.close();
    }
  }
}
