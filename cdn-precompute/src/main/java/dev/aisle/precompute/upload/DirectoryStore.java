package dev.aisle.precompute.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A local folder laid out like the bucket, with plain (not gzip-encoded) JSON files: for looking at
 * the output, for tests, or for serving it with any static web server. Files are replaced
 * atomically.
 */
public final class DirectoryStore implements ObjectStore {

  private final Path root;
  private final Set<Path> folders = ConcurrentHashMap.newKeySet();

  public DirectoryStore(Path root) {
    this.root = root;
  }

  @Override
  public Map<String, String> list(String prefix) {
    // as S3 does: every key that starts with the prefix, which need not end at a folder
    // ("v1/popular")
    Path base =
        prefix.isEmpty() || prefix.endsWith("/")
            ? root.resolve(prefix)
            : java.util.Objects.requireNonNullElse(root.resolve(prefix).getParent(), root);
    Map<String, String> found = new HashMap<>();
    if (!Files.isDirectory(base)) {
      return found;
    }
    try (Stream<Path> files = Files.walk(base)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = root.relativize(file).toString().replace('\\', '/');
        if (!file.getFileName().toString().endsWith(".tmp") && key.startsWith(prefix)) {
          found.put(key, Bytes.md5(Files.readAllBytes(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + base, e);
    }
    return found;
  }

  @Override
  public byte[] encode(byte[] json) {
    return json;
  }

  @Override
  public void put(String key, byte[] encoded) {
    Path file = root.resolve(key);
    Path tmp =
        file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
    try {
      if (!folders.contains(file.getParent())) {
        Files.createDirectories(file.getParent());
        folders.add(file.getParent());
      }
      Files.write(tmp, encoded);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void delete(Collection<String> keys) {
    try {
      for (String key : keys) {
        Files.deleteIfExists(root.resolve(key));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete under " + root, e);
    }
  }

  @Override
  public Optional<byte[]> readState(String key) {
    Path file = root.resolve(key);
    try {
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void writeState(String key, byte[] bytes) {
    put(key, bytes);
  }

  @Override
  public String describe(String key) {
    return root.resolve(key).toString();
  }
}
