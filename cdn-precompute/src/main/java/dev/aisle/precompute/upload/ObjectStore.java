package dev.aisle.precompute.upload;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where published objects go: an S3 bucket (the CDN's origin) or a local folder. Each store says
 * how it encodes a JSON body; the MD5 of the encoded bytes is what {@link #list} reports for a
 * stored object, so comparing the two tells whether an upload would change anything.
 */
public interface ObjectStore {

  /** Keys stored under {@code prefix} with the MD5 (lower-case hex) of their stored bytes. */
  Map<String, String> list(String prefix);

  /** The bytes stored for a JSON body. */
  byte[] encode(byte[] json);

  /** Stores bytes produced by {@link #encode}. */
  void put(String key, byte[] encoded);

  void delete(Collection<String> keys);

  /**
   * Bytes the precompute stored for itself with {@link #writeState} (not a CDN document), or empty.
   */
  Optional<byte[]> readState(String key);

  /** Stores bookkeeping bytes as they are (no JSON encoding, no cache headers). */
  void writeState(String key, byte[] bytes);

  /** Where a key ends up, for messages. */
  String describe(String key);
}
