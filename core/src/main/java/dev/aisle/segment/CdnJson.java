package dev.aisle.segment;

import dev.aisle.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** Parses CDN objects, which the precompute stores gzip-encoded; S3 returns them as stored. */
final class CdnJson {

  private CdnJson() {}

  static <T> T parse(byte[] bytes, Class<T> type) {
    boolean gzip = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    try (InputStream in =
        gzip
            ? new GZIPInputStream(new ByteArrayInputStream(bytes))
            : new ByteArrayInputStream(bytes)) {
      return Json.mapper().readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot parse " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
