package dev.aisle.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A settings file: {@code KEY=value} lines with the {@code AISLE_*} names that {@link
 * AisleSettings#fromEnv(Map)} reads, such as the one the local stack writes. Read only when a
 * caller is given a file (a CLI option, a script); nothing here looks for one. Process environment
 * variables win over the file, so a user can point one setting elsewhere.
 */
public final class SettingsFile {

  private SettingsFile() {}

  /** The file's values: blank lines, {@code #} comments and lines without a key are skipped. */
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
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("AISLE_")) {
                merged.put(k, v);
              }
            });
    return AisleSettings.fromEnv(merged);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
