package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.SettingsFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local stack's {@code infra/local/.run/stack.env}: {@code KEY=value} lines written by {@code
 * stack.sh up}, read as a {@link SettingsFile} (process environment variables win over the file, so
 * a user can point one setting elsewhere).
 */
public final class StackEnv {

  public static final Path RELATIVE_PATH = Path.of("infra", "local", ".run", "stack.env");

  private StackEnv() {}

  public static Map<String, String> read(Path file) {
    return SettingsFile.read(file);
  }

  /** Settings from the file, overridden by any AISLE_* variable of this process. */
  public static AisleSettings settings(Path file) {
    return SettingsFile.settings(file);
  }
}
