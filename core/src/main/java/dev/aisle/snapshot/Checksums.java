package dev.aisle.snapshot;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes a file while measuring its size and SHA-256, for the manifest's file entries. */
public final class Checksums {

  private Checksums() {}

  /** What a file's writer does with the stream (buffered; it may close it). */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Size and SHA-256 of a written file. */
  public record Written(long bytes, String sha256) {}

  public static Written write(Path file, Writer writer) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    MessageDigest digest = sha256();
    Counting counter;
    try (OutputStream out =
        new DigestOutputStream(
            counter = new Counting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)),
            digest)) {
      writer.write(out);
    }
    return new Written(counter.count, HexFormat.of().formatHex(digest.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
