package dev.aisle.precompute.source;

import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.storage.s3.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the model comes from: already in memory (the trainer, right after publishing), a model
 * folder (or a folder of versions with a {@code CURRENT} file), or an S3 prefix whose {@code
 * CURRENT} names the version (or an explicit version).
 */
public sealed interface ModelInput {

  /** Loads and verifies the model. */
  Model load(Supplier<S3Client> s3);

  String describe();

  /** {@code s3://bucket/prefix} or a local folder. */
  static ModelInput parse(String location, Optional<String> version) {
    if (S3Location.isS3(location)) {
      return new FromS3(S3Location.parse(location), version);
    }
    return new FromDirectory(Path.of(location), version);
  }

  record Loaded(Model model) implements ModelInput {
    @Override
    public Model load(Supplier<S3Client> s3) {
      return model;
    }

    @Override
    public String describe() {
      return "model " + model.version();
    }
  }

  record FromDirectory(Path dir, Optional<String> version) implements ModelInput {
    @Override
    public Model load(Supplier<S3Client> s3) {
      Path folder = folder();
      if (!Files.exists(folder.resolve(ModelFiles.MANIFEST))) {
        throw new InputException("no model in " + folder + " (no " + ModelFiles.MANIFEST + ")");
      }
      return ModelFiles.read(folder);
    }

    /**
     * The folder itself when it holds a model, else the version its CURRENT file (or the option)
     * names.
     */
    private Path folder() {
      if (version.isPresent()) {
        return dir.resolve(version.get());
      }
      Path current = dir.resolve(ModelStore.CURRENT);
      if (!Files.exists(dir.resolve(ModelFiles.MANIFEST)) && Files.exists(current)) {
        try {
          return dir.resolve(Files.readString(current).strip());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + current, e);
        }
      }
      return dir;
    }

    @Override
    public String describe() {
      return dir + version.map(v -> " version " + v).orElse("");
    }
  }

  record FromS3(S3Location location, Optional<String> version) implements ModelInput {
    @Override
    public Model load(Supplier<S3Client> s3) {
      ModelStore store = new ModelStore(s3.get(), location.bucket(), location.prefix());
      String chosen =
          version
              .or(store::currentVersion)
              .orElseThrow(
                  () ->
                      new InputException(
                          "no model published under "
                              + location
                              + " (no "
                              + ModelStore.CURRENT
                              + ")"));
      return store.load(chosen);
    }

    @Override
    public String describe() {
      return location + version.map(v -> " version " + v).orElse("");
    }
  }
}
