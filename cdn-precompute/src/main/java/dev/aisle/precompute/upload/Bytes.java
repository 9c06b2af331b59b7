package dev.aisle.precompute.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** gzip and MD5 of object bodies. */
final class Bytes {

  private Bytes() {}

  /**
   * gzip with a fixed level and the JDK's fixed header (no file name, zero mtime): equal bodies
   * give equal bytes, hence equal ETags.
   */
  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream out =
        new GZIPOutputStream(bytes, 8192) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** MD5 as lower-case hex: what S3 reports as the ETag of a single-part upload. */
  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }
}
