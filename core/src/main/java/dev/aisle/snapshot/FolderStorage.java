package dev.aisle.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Snapshot storage in a local folder. Files are written under a temporary name and renamed into
 * place; the pointer's compare-and-set holds an exclusive lock on {@code CURRENT.lock} (other
 * processes) and a lock per folder (other threads of this JVM, which file locks do not separate)
 * while it reads, compares and renames.
 */
public final class FolderStorage implements SnapshotStorage {

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  public FolderStorage(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(root.resolve(key));
  }

  @Override
  public void put(String key, Path file) throws IOException {
    Path target = root.resolve(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    Path target = root.resolve(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public Optional<Pointer> pointer() throws IOException {
    try {
      String version = Files.readString(root.resolve(POINTER), StandardCharsets.UTF_8).strip();
      return version.isEmpty() ? Optional.empty() : Optional.of(new Pointer(version, version));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean swapPointer(Optional<Pointer> expected, String version) throws IOException {
    Files.createDirectories(root);
    ReentrantLock threads = LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
    threads.lock();
    try (FileChannel channel =
            FileChannel.open(
                root.resolve(POINTER + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock processes = channel.lock()) {
      Optional<String> now = pointer().map(Pointer::token);
      if (!now.equals(expected.map(Pointer::token))) {
        return false;
      }
      put(POINTER, (version + "\n").getBytes(StandardCharsets.UTF_8));
      return true;
    } finally {
      threads.unlock();
    }
  }

  @Override
  public Set<String> folders() throws IOException {
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toSet());
    }
  }

  @Override
  public void deleteFolder(String folder) throws IOException {
    Path dir = root.resolve(folder);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
