package dev.aisle.trainer.publish;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CLI's tables and buckets are: the settings file named by {@code
 * -Ddev.aisle.settings-file} when it exists, else the {@code AISLE_*} environment (the container
 * task in AWS). The {@code trainer/aisle-trainer} script names the local stack's {@code stack.env}
 * once the stack has written it (so {@code s3://} and the events table go to the local servers),
 * and the build names it for the tests; the CLI itself never looks for a checkout.
 */
public final class Settings {

  /**
   * The system property that names a settings file ({@link SettingsFile}); outside the {@code
   * aisle.} namespace on purpose: the functions' configuration owns that prefix and refuses unknown
   * names.
   */
  public static final String FILE_PROPERTY = "dev.aisle.settings-file";

  private Settings() {}

  public static AisleSettings resolve() {
    return file()
        .map(SettingsFile::settings)
        .orElseGet(() -> AisleSettings.fromEnv(System.getenv()));
  }

  /** {@code name}'s value in the named settings file, when there is one and it has the name. */
  public static Optional<String> fileValue(String name) {
    return file().map(SettingsFile::read).map(values -> values.get(name));
  }

  private static Optional<Path> file() {
    String named = System.getProperty(FILE_PROPERTY);
    if (named == null || named.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(named)).filter(Files::isRegularFile);
  }
}
