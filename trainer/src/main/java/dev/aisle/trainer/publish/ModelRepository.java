package dev.aisle.trainer.publish;

import dev.aisle.json.Json;
import dev.aisle.model.CorruptModelException;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.snapshot.FolderStorage;
import dev.aisle.snapshot.SnapshotStorage;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.s3.CurrentMovedException;
import dev.aisle.storage.s3.GatedRelease;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.storage.s3.ReleaseGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Publishes and reads models at a {@link ModelLocation}. Publishing writes the version's files,
 * manifest last, and only then CURRENT, and only when the {@link ReleaseGate} allows it against the
 * CURRENT it read. CURRENT moves with a compare-and-set from that state (S3: a conditional PUT on
 * the ETag; a folder: a rename under a lock), so a run that lost a race to another publisher or a
 * rollback fails with {@link CurrentMovedException} and never overwrites the winner. Reading
 * accepts the root (follows CURRENT) or a version folder itself, and verifies every checksum.
 * {@link #versions()} lists the complete models, {@link #rollback} moves CURRENT back.
 */
public final class ModelRepository implements AutoCloseable {

  private final ModelLocation location;
  private final S3Client s3;
  private final boolean ownsClient;

  public ModelRepository(ModelLocation location) {
    this.location = location;
    this.s3 = location instanceof ModelLocation.S3 ? AwsClients.s3(Settings.resolve()) : null;
    this.ownsClient = true;
  }

  /** With the caller's client (which stays open when this closes). */
  public ModelRepository(ModelLocation location, S3Client s3) {
    this.location = location;
    this.s3 = s3;
    this.ownsClient = false;
  }

  /** The result of a publish attempt. */
  public record Outcome(String version, String location, boolean published, String reason) {}

  public Outcome publish(Model model, ReleaseGate gate) {
    String version = model.version();
    if (location instanceof ModelLocation.Local local) {
      Optional<SnapshotStorage.Pointer> current = pointer();
      ReleaseGate.Decision decision = decideLocally(model.manifest(), current, gate);
      if (decision.publish()) {
        ModelFiles.write(model, local.root().resolve(version));
        try {
          moveCurrent(current, version);
        } catch (CurrentMovedException lost) {
          ModelStore.deleteFolder(local.root().resolve(version));
          throw lost;
        }
      }
      return new Outcome(version, location.toString(), decision.publish(), decision.reason());
    }
    ModelLocation.S3 target = (ModelLocation.S3) location;
    Path staging = null;
    try {
      staging = Files.createTempDirectory("aisle-model-");
      ModelManifest written = ModelFiles.write(model, staging);
      ReleaseGate.Decision decision =
          new GatedRelease(new ModelStore(s3, target.bucket(), target.prefix()))
              .release(staging, written, gate);
      return new Outcome(version, location.toString(), decision.publish(), decision.reason());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the model", e);
    } finally {
      if (staging != null) {
        ModelStore.deleteFolder(staging);
      }
    }
  }

  /** The served model (root with CURRENT) or the version folder the location points at. */
  public Model read() {
    if (location instanceof ModelLocation.Local local) {
      Path root = local.root();
      if (Files.exists(root.resolve(ModelFiles.MANIFEST))) {
        return ModelFiles.read(root);
      }
      String version =
          currentVersion()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no model at "
                              + root
                              + " (neither "
                              + ModelFiles.MANIFEST
                              + " nor "
                              + ModelStore.CURRENT
                              + ")"));
      return ModelFiles.read(root.resolve(version));
    }
    ModelLocation.S3 source = (ModelLocation.S3) location;
    ModelStore store = new ModelStore(s3, source.bucket(), source.prefix());
    Optional<String> version = store.currentVersion();
    if (version.isPresent()) {
      return store.load(version.get());
    }
    return ModelFiles.read(
        name -> {
          try {
            return s3.getObject(b -> b.bucket(source.bucket()).key(source.prefix() + name));
          } catch (NoSuchKeyException e) {
            throw new CorruptModelException(
                "no model at " + location + " (missing " + name + ")", e);
          }
        });
  }

  public Optional<String> currentVersion() {
    if (location instanceof ModelLocation.Local local) {
      Path current = local.root().resolve(ModelStore.CURRENT);
      try {
        return Files.exists(current)
            ? Optional.of(Files.readString(current).strip()).filter(v -> !v.isEmpty())
            : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + current, e);
      }
    }
    ModelLocation.S3 s = (ModelLocation.S3) location;
    return new ModelStore(s3, s.bucket(), s.prefix()).currentVersion();
  }

  /** A complete model: its manifest, and whether CURRENT names it. */
  public record Version(ModelManifest manifest, boolean current) {}

  /**
   * The complete models, newest first (by {@code created}, then name): a manifest that parses, and
   * every file it lists present with the size it states. Uploads that failed midway or were
   * abandoned are left out.
   */
  public List<Version> versions() {
    Optional<String> current = currentVersion();
    List<ModelManifest> complete;
    if (location instanceof ModelLocation.Local local) {
      complete = completeFolders(local.root());
    } else {
      complete = store().completeVersions();
    }
    return complete.stream()
        .map(m -> new Version(m, current.filter(m.version()::equals).isPresent()))
        .toList();
  }

  /** What a rollback did. */
  public record Rollback(String from, String to) {}

  /**
   * Points CURRENT at {@code to}, or at the complete version listed after the current one (the
   * previous one), after verifying every checksum of it (a version that fails is skipped when none
   * was named). The move is conditional on CURRENT being what this read.
   *
   * @throws IllegalArgumentException nothing to roll back, or the version is not a complete model
   * @throws CurrentMovedException another writer moved CURRENT meanwhile (its write stands)
   */
  public Rollback rollback(Optional<String> to) {
    Optional<SnapshotStorage.Pointer> current = pointer();
    String from =
        current
            .map(SnapshotStorage.Pointer::version)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "nothing is published at "
                            + location
                            + " (no "
                            + ModelStore.CURRENT
                            + "): nothing to roll back"));
    List<String> complete = versions().stream().map(v -> v.manifest().version()).toList();
    String target;
    if (to.isPresent()) {
      target = to.get();
      if (target.equals(from)) {
        throw new IllegalArgumentException(target + " is already the current model at " + location);
      }
      if (!complete.contains(target)) {
        throw new IllegalArgumentException(
            target + " is not a complete model at " + location + " (see aisle-trainer versions)");
      }
      verify(target)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(target + " fails verification: " + problem);
              });
    } else {
      int at = complete.indexOf(from);
      List<String> older =
          at >= 0
              ? complete.subList(at + 1, complete.size())
              : complete.stream().filter(v -> v.compareTo(from) < 0).toList();
      target =
          older.stream()
              .filter(v -> verify(v).isEmpty())
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no complete, verified model older than "
                              + from
                              + " at "
                              + location
                              + " to roll back to"));
    }
    moveCurrent(current, target);
    return new Rollback(from, target);
  }

  /** Why a version does not load with every checksum matching, or empty when it does. */
  private Optional<String> verify(String version) {
    try {
      if (location instanceof ModelLocation.Local local) {
        ModelFiles.read(local.root().resolve(version));
      } else {
        store().load(version);
      }
      return Optional.empty();
    } catch (CorruptModelException | UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
  }

  private ReleaseGate.Decision decideLocally(
      ModelManifest candidate, Optional<SnapshotStorage.Pointer> current, ReleaseGate gate) {
    if (current.isEmpty()) {
      return gate.decide(candidate, Optional.empty());
    }
    String version = current.get().version();
    Path manifest =
        ((ModelLocation.Local) location).root().resolve(version).resolve(ModelFiles.MANIFEST);
    try {
      return gate.decide(
          candidate, Optional.of(Json.mapper().readValue(manifest.toFile(), ModelManifest.class)));
    } catch (IOException e) {
      return gate.decideUnreadable(
          candidate, version, new UncheckedIOException(manifest.toString(), e));
    }
  }

  private Optional<SnapshotStorage.Pointer> pointer() {
    if (location instanceof ModelLocation.Local local) {
      try {
        return new FolderStorage(local.root()).pointer();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read " + local.root().resolve(ModelStore.CURRENT), e);
      }
    }
    return store().current();
  }

  private void moveCurrent(Optional<SnapshotStorage.Pointer> expected, String version) {
    if (location instanceof ModelLocation.Local local) {
      boolean moved;
      try {
        moved = new FolderStorage(local.root()).swapPointer(expected, version);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot point " + local.root() + "/CURRENT at " + version, e);
      }
      if (!moved) {
        throw new CurrentMovedException(
            local.root() + "/",
            expected.map(SnapshotStorage.Pointer::version),
            currentVersion(),
            version);
      }
      return;
    }
    store().moveCurrent(expected, version);
  }

  private ModelStore store() {
    ModelLocation.S3 s = (ModelLocation.S3) location;
    return new ModelStore(s3, s.bucket(), s.prefix());
  }

  private static List<ModelManifest> completeFolders(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<ModelManifest> complete = new ArrayList<>();
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.filter(Files::isDirectory).toList()) {
        try {
          ModelManifest manifest =
              Json.mapper()
                  .readValue(folder.resolve(ModelFiles.MANIFEST).toFile(), ModelManifest.class);
          boolean whole =
              folder.getFileName().toString().equals(manifest.version())
                  && filesAsStated(folder, manifest);
          if (whole) {
            complete.add(manifest);
          }
        } catch (IOException notAModel) {
          // no manifest, or one that does not parse: not a complete model
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    complete.sort(
        Comparator.comparing(
                ModelManifest::created, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ModelManifest::version)
            .reversed());
    return complete;
  }

  private static boolean filesAsStated(Path folder, ModelManifest manifest) throws IOException {
    if (manifest.files() == null) {
      return false;
    }
    for (Map.Entry<String, ModelManifest.FileEntry> file : manifest.files().entrySet()) {
      Path path = folder.resolve(file.getKey());
      if (!Files.isRegularFile(path) || Files.size(path) != file.getValue().bytes()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (s3 != null && ownsClient) {
      s3.close();
    }
  }
}
