package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack's {@code infra/local/.run/stack.env}: {@code KEY=value} lines written by
 * {@code stack.sh up}. Process environment variables win over the file, so a user can point one
 * setting elsewhere.
 */
public final class StackEnv {

  public static final Path RELATIVE_PATH = Path.of("infra", "local", ".run", "stack.env");

  private StackEnv() {}

  public static Map<String, String> read(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        int eq = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
          continue;
        }
        values.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return values;
  }

  /** Settings from the file, overridden by any AISLE_* variable of this process. */
  public static AisleSettings settings(Path file) {
    Map<String, String> merged = new LinkedHashMap<>(read(file));
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("AISLE_")) {
        merged.put(k, v);
      }
    });
    return AisleSettings.fromEnv(merged);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
