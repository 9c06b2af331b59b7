package dev.aisle.storage.s3;

import dev.aisle.model.CorruptModelException;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.snapshot.SnapshotStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Models in S3 under a prefix (default {@code models/}): {@code <prefix><version>/…} as {@link
 * ModelFiles} lays them out, and {@code <prefix>CURRENT} holding the served version.
 *
 * <p>Publishing uploads every data file, then the manifest, then CURRENT: a reader that follows
 * CURRENT only ever finds complete models. Writers that decide from what CURRENT held (the publish
 * gate, a rollback) move it with {@link #moveCurrent}, a conditional PUT ({@code If-Match} on the
 * ETag they read, {@code If-None-Match: *} when there was none), so of two racing writers the
 * second is refused instead of overwriting the first.
 */
public final class ModelStore {

  public static final String DEFAULT_PREFIX = "models/";
  public static final String CURRENT = "CURRENT";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public ModelStore(S3Client s3, String bucket) {
    this(s3, bucket, DEFAULT_PREFIX);
  }

  public ModelStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  /** The version CURRENT names, or empty when nothing has been published. */
  public Optional<String> currentVersion() {
    return current().map(SnapshotStorage.Pointer::version);
  }

  /**
   * CURRENT as read now: the version and its ETag, the state a later {@link #moveCurrent} must find
   * (the same pointer format and conditional writes as the training snapshot's CURRENT).
   */
  public Optional<SnapshotStorage.Pointer> current() {
    return pointers().pointer();
  }

  /**
   * Points CURRENT at {@code version} only if it still is as {@code expected} (empty: absent).
   *
   * @throws CurrentMovedException when another writer moved it since (its write stands)
   */
  public void moveCurrent(Optional<SnapshotStorage.Pointer> expected, String version) {
    if (!pointers().swapPointer(expected, version)) {
      throw new CurrentMovedException(
          "s3://" + bucket + "/" + prefix,
          expected.map(SnapshotStorage.Pointer::version),
          currentVersion(),
          version);
    }
  }

  private S3SnapshotStorage pointers() {
    return new S3SnapshotStorage(s3, bucket, prefix);
  }

  /** Reads and verifies one version (checksums included), one file after the other. */
  public Model load(String version) {
    return ModelFiles.read(source(version));
  }

  /**
   * Reads and verifies one version, fetching its files and the parts of its large files side by
   * side on {@code executor} (ranged GETs); {@code parts} says whether the graph and catalog come
   * too.
   */
  public Model load(
      String version, java.util.concurrent.Executor executor, ModelFiles.Parts parts) {
    return ModelFiles.read(source(version), executor, parts);
  }

  /** The files of one version as {@link ModelFiles} reads them: whole objects or byte ranges. */
  public ModelFiles.Source source(String version) {
    return new ModelFiles.Source() {
      @Override
      public java.io.InputStream open(String name) {
        return get(version, name, null);
      }

      @Override
      public java.io.InputStream openRange(String name, long offset, long length) {
        return get(version, name, "bytes=" + offset + "-" + (offset + length - 1));
      }
    };
  }

  private java.io.InputStream get(String version, String name, String range) {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key(version, name)).range(range));
    } catch (NoSuchKeyException e) {
      throw new CorruptModelException("model " + version + " has no " + name, e);
    }
  }

  /** The manifest of one version, without loading its factors. */
  public ModelManifest manifest(String version) {
    try (var in = s3.getObject(b -> b.bucket(bucket).key(key(version, ModelFiles.MANIFEST)))) {
      return dev.aisle.json.Json.mapper().readValue(in, ModelManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest of " + version, e);
    }
  }

  /**
   * Uploads a model folder written by {@link ModelFiles#write}: data files, manifest, then CURRENT.
   */
  public void publish(Path modelDir, String version) {
    upload(modelDir, version);
    setCurrent(version);
  }

  /**
   * Uploads a model folder without pointing CURRENT at it: the files its manifest lists first, the
   * manifest last.
   */
  public void upload(Path modelDir, String version) {
    ModelManifest manifest = ModelFiles.readManifest(ModelFiles.Source.of(modelDir));
    for (String name : manifest.files().keySet()) {
      putFile(modelDir.resolve(name), key(version, name));
    }
    putFile(modelDir.resolve(ModelFiles.MANIFEST), key(version, ModelFiles.MANIFEST));
  }

  /** Points CURRENT at {@code version} whatever it holds (tests and tools that plant models). */
  public void setCurrent(String version) {
    s3.putObject(
        b -> b.bucket(bucket).key(prefix + CURRENT).contentType("text/plain; charset=utf-8"),
        RequestBody.fromString(version + "\n", StandardCharsets.UTF_8));
  }

  /**
   * The complete versions, newest first (by the manifest's {@code created}, then name): a manifest
   * that parses, and every file it lists present with the size it states (one listing of the prefix
   * plus one GET per manifest; checksums are verified by {@link #load}). Folders of failed or
   * abandoned uploads are left out.
   */
  public List<ModelManifest> completeVersions() {
    Map<String, Map<String, Long>> sizes = new HashMap<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      String rest = o.key().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        sizes
            .computeIfAbsent(rest.substring(0, slash), v -> new HashMap<>())
            .put(rest.substring(slash + 1), o.size());
      }
    }
    List<ModelManifest> complete = new ArrayList<>();
    for (Map.Entry<String, Map<String, Long>> folder : sizes.entrySet()) {
      if (!folder.getValue().containsKey(ModelFiles.MANIFEST)) {
        continue;
      }
      ModelManifest manifest;
      try {
        manifest = manifest(folder.getKey());
      } catch (RuntimeException unreadable) {
        continue;
      }
      boolean whole =
          manifest.files() != null
              && folder.getKey().equals(manifest.version())
              && manifest.files().entrySet().stream()
                  .allMatch(
                      f ->
                          Long.valueOf(f.getValue().bytes())
                              .equals(folder.getValue().get(f.getKey())));
      if (whole) {
        complete.add(manifest);
      }
    }
    complete.sort(
        Comparator.comparing(
                ModelManifest::created, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ModelManifest::version)
            .reversed());
    return complete;
  }

  /**
   * Deletes every object of one version (one that never became CURRENT, e.g. a run that lost the
   * race).
   */
  public void deleteVersion(String version) {
    pointers().deleteFolder(version);
  }

  /** Versions with a manifest, oldest first. */
  public List<String> versions() {
    return s3
        .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
        .commonPrefixes()
        .stream()
        .map(CommonPrefix::prefix)
        .map(p -> p.substring(prefix.length(), p.length() - 1))
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  public String key(String version, String fileName) {
    return prefix + version + "/" + fileName;
  }

  private void putFile(Path file, String key) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("model file missing: " + file);
    }
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  /** Deletes a local model folder (used after uploading a temporary copy). */
  public static void deleteFolder(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
