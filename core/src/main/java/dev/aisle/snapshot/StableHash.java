package dev.aisle.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit (seed 0) of a string's UTF-8 bytes: a hash every runtime computes alike
 * (Java, Spark tasks, other languages), unlike {@link String#hashCode()}, which is only specified
 * for Java strings and clusters on ids that share a prefix. The training snapshot places a shopper
 * in part {@code floorMod(hash(userId), parts)}; the events table's accept shard uses it too.
 */
public final class StableHash {

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private StableHash() {}

  public static int murmur3(String text) {
    return murmur3(text.getBytes(StandardCharsets.UTF_8));
  }

  public static int murmur3(byte[] data) {
    int h = 0;
    int blocks = data.length / 4;
    for (int b = 0; b < blocks; b++) {
      int i = b * 4;
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int tail = blocks * 4;
    int k = 0;
    switch (data.length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
      // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
      // fall through
      case 1:
        k ^= data[tail] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The bucket of {@code key} among {@code buckets}: {@code floorMod(murmur3(key), buckets)}. */
  public static int bucket(String key, int buckets) {
    return Math.floorMod(murmur3(key), buckets);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
