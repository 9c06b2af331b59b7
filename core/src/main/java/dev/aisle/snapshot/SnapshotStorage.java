package dev.aisle.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where snapshot versions are kept: a folder or an S3 prefix. Keys are relative to the snapshots
 * root ({@code <version>/part-00003.bin}, {@code <version>/manifest.json}); {@code CURRENT} is the
 * pointer, the only object ever overwritten, and only by {@link #swapPointer} (compare-and-set).
 */
public interface SnapshotStorage {

  String POINTER = "CURRENT";

  /** The object at {@code key}; {@link java.nio.file.NoSuchFileException} when there is none. */
  InputStream open(String key) throws IOException;

  /**
   * Uploads a local file to {@code key} (keys are written once: a version's files never change).
   */
  void put(String key, Path file) throws IOException;

  void put(String key, byte[] bytes) throws IOException;

  /** The pointer's value (a version) and a token that names this very state of it. */
  Optional<Pointer> pointer() throws IOException;

  /**
   * Points CURRENT at {@code version} if it is still in the state {@code expected} names (empty: no
   * pointer yet). Atomic against every other writer.
   *
   * @return false when another writer moved it first (nothing was changed)
   */
  boolean swapPointer(Optional<Pointer> expected, String version) throws IOException;

  /** The top-level folders (one per version that wrote files). */
  Set<String> folders() throws IOException;

  /** Deletes a folder and every object below it. */
  void deleteFolder(String folder) throws IOException;

  /**
   * A pointer read: its value and a token for {@link #swapPointer} (an ETag, or the value itself).
   */
  record Pointer(String version, String token) {}
}
