package dev.aisle.precompute.upload;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Paths with a 64-bit fingerprint each, sorted by path (binary search, two arrays: about 70 bytes
 * an entry at a million entries). Stored gzip-compressed as lines of {@code path TAB hex}.
 */
final class SimilarDigest {

  /** What {@link #fingerprint(String)} gives for a path not in the digest. */
  static final long ABSENT = 0L;

  static final SimilarDigest EMPTY = new SimilarDigest(new String[0], new long[0]);

  private final String[] paths;
  private final long[] fingerprints;

  SimilarDigest(String[] paths, long[] fingerprints) {
    Integer[] order = new Integer[paths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> paths[a].compareTo(paths[b]));
    this.paths = new String[paths.length];
    this.fingerprints = new long[paths.length];
    for (int i = 0; i < order.length; i++) {
      this.paths[i] = paths[order[i]];
      this.fingerprints[i] = fingerprints[order[i]];
    }
  }

  /**
   * Paths stored with unknown content (found by a listing): any fingerprint will differ from them.
   */
  static SimilarDigest unknown(List<String> paths) {
    long[] fingerprints = new long[paths.size()];
    Arrays.fill(fingerprints, 1L);
    return new SimilarDigest(paths.toArray(String[]::new), fingerprints);
  }

  int size() {
    return paths.length;
  }

  /** The first 8 bytes of the MD5 of {@code bytes}, never {@link #ABSENT}. */
  static long fingerprint(byte[] bytes) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(bytes);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (md5[i] & 0xff);
      }
      return v == ABSENT ? 1 : v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  long fingerprint(String path) {
    int i = Arrays.binarySearch(paths, path);
    return i >= 0 ? fingerprints[i] : ABSENT;
  }

  /** Paths of this digest that {@code next} does not hold. */
  List<String> pathsMissingFrom(SimilarDigest next) {
    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      if (next.fingerprint(path) == ABSENT) {
        missing.add(path);
      }
    }
    return missing;
  }

  /** This digest without {@code removed}. */
  SimilarDigest without(Collection<String> removed) {
    Set<String> gone = new HashSet<>(removed);
    return filter(path -> !gone.contains(path));
  }

  /** This digest's entries for {@code kept} only. */
  SimilarDigest only(Collection<String> kept) {
    Set<String> wanted = new HashSet<>(kept);
    return filter(wanted::contains);
  }

  /** Both digests' entries ({@code other}'s where both hold a path). */
  SimilarDigest with(SimilarDigest other) {
    Map<String, Long> all = asMap();
    all.putAll(other.asMap());
    return new SimilarDigest(
        all.keySet().toArray(String[]::new),
        all.values().stream().mapToLong(Long::longValue).toArray());
  }

  Map<String, Long> asMap() {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < paths.length; i++) {
      map.put(paths[i], fingerprints[i]);
    }
    return map;
  }

  private SimilarDigest filter(java.util.function.Predicate<String> keep) {
    List<String> keptPaths = new ArrayList<>();
    List<Long> kept = new ArrayList<>();
    for (int i = 0; i < paths.length; i++) {
      if (keep.test(paths[i])) {
        keptPaths.add(paths[i]);
        kept.add(fingerprints[i]);
      }
    }
    return new SimilarDigest(
        keptPaths.toArray(String[]::new), kept.stream().mapToLong(Long::longValue).toArray());
  }

  byte[] bytes() {
    StringBuilder text = new StringBuilder(paths.length * 48);
    for (int i = 0; i < paths.length; i++) {
      text.append(paths[i]).append('\t').append(Long.toHexString(fingerprints[i])).append('\n');
    }
    return Bytes.gzip(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  static SimilarDigest parse(byte[] gzipped) {
    List<String> paths = new ArrayList<>();
    List<Long> fingerprints = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8),
            1 << 16)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int tab = line.lastIndexOf('\t');
        if (tab <= 0) {
          throw new IllegalStateException("corrupt similar digest line: " + line);
        }
        paths.add(line.substring(0, tab));
        fingerprints.add(Long.parseUnsignedLong(line.substring(tab + 1), 16));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the similar digest", e);
    }
    return new SimilarDigest(
        paths.toArray(String[]::new), fingerprints.stream().mapToLong(Long::longValue).toArray());
  }
}
