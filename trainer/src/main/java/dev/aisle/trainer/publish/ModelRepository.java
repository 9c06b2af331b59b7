package dev.aisle.trainer.publish;

import dev.aisle.json.Json;
import dev.aisle.model.CorruptModelException;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.GatedPublisher;
import dev.aisle.storage.ModelStore;
import dev.aisle.storage.PublishGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Publishes and reads models at a {@link ModelLocation}. Publishing writes the version's files,
 * manifest last, and only then CURRENT (atomically: a rename locally, one PUT in S3), and only
 * when the {@link PublishGate} allows it. Reading accepts the root (follows CURRENT) or a version
 * folder itself, and verifies every checksum.
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

  public Outcome publish(Model model, PublishGate gate) {
    String version = model.version();
    if (location instanceof ModelLocation.Local local) {
      PublishGate.Decision decision = gate.decide(model.manifest(), currentManifest());
      if (decision.publish()) {
        ModelFiles.write(model, local.root().resolve(version));
        writeCurrent(local.root(), version);
      }
      return new Outcome(version, location.toString(), decision.publish(), decision.reason());
    }
    ModelLocation.S3 target = (ModelLocation.S3) location;
    Path staging = null;
    try {
      staging = Files.createTempDirectory("aisle-model-");
      ModelManifest written = ModelFiles.write(model, staging);
      PublishGate.Decision decision = new GatedPublisher(new ModelStore(s3, target.bucket(), target.prefix()))
          .publish(staging, written, gate);
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
      String version = currentVersion().orElseThrow(() -> new IllegalArgumentException(
          "no model at " + root + " (neither " + ModelFiles.MANIFEST + " nor " + ModelStore.CURRENT + ")"));
      return ModelFiles.read(root.resolve(version));
    }
    ModelLocation.S3 source = (ModelLocation.S3) location;
    ModelStore store = new ModelStore(s3, source.bucket(), source.prefix());
    Optional<String> version = store.currentVersion();
    if (version.isPresent()) {
      return store.load(version.get());
    }
    return ModelFiles.read(name -> {
      try {
        return s3.getObject(b -> b.bucket(source.bucket()).key(source.prefix() + name));
      } catch (NoSuchKeyException e) {
        throw new CorruptModelException("no model at " + location + " (missing " + name + ")", e);
      }
    });
  }

  public Optional<String> currentVersion() {
    if (location instanceof ModelLocation.Local local) {
      Path current = local.root().resolve(ModelStore.CURRENT);
      try {
        return Files.exists(current) ? Optional.of(Files.readString(current).strip()).filter(v -> !v.isEmpty())
            : Optional.empty();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + current, e);
      }
    }
    ModelLocation.S3 s = (ModelLocation.S3) location;
    return new ModelStore(s3, s.bucket(), s.prefix()).currentVersion();
  }

  private Optional<ModelManifest> currentManifest() {
    Path root = ((ModelLocation.Local) location).root();
    return currentVersion().flatMap(v -> {
      try {
        return Optional.of(Json.mapper().readValue(root.resolve(v).resolve(ModelFiles.MANIFEST).toFile(),
            ModelManifest.class));
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  private static void writeCurrent(Path root, String version) {
    try {
      Path tmp = root.resolve(ModelStore.CURRENT + ".tmp");
      Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, root.resolve(ModelStore.CURRENT), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot point " + root + "/CURRENT at " + version, e);
    }
  }

  @Override
  public void close() {
    if (s3 != null && ownsClient) {
      s3.close();
    }
  }
}
