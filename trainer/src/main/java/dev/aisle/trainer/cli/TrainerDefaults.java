package dev.aisle.trainer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The CLI's defaults: {@code aisle-trainer-defaults.properties} on the classpath (the tuned
 * values), overridden by a {@code --config} file of the same format; flags override both.
 */
final class TrainerDefaults {

  private static final String RESOURCE = "/aisle-trainer-defaults.properties";

  private final Properties values = new Properties();

  private TrainerDefaults() {}

  static TrainerDefaults load(Path config) {
    TrainerDefaults d = new TrainerDefaults();
    try (InputStream in = TrainerDefaults.class.getResourceAsStream(RESOURCE)) {
      d.values.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the trainer jar lacks " + RESOURCE, e);
    }
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("no such config file: " + config);
      }
      try (Reader in = Files.newBufferedReader(config)) {
        d.values.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + config, e);
      }
    }
    return d;
  }

  String string(String key) {
    String v = values.getProperty(key);
    if (v == null) {
      throw new IllegalStateException("no default for " + key);
    }
    return v.strip();
  }

  int integer(String key) {
    try {
      return Integer.parseInt(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config " + key + " is not an integer: " + string(key));
    }
  }

  double number(String key) {
    try {
      return Double.parseDouble(string(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config " + key + " is not a number: " + string(key));
    }
  }

  Duration duration(String key) {
    return parseDuration(string(key));
  }

  /**
   * {@code none}, {@code 30d}, {@code 12h}, {@code 45m} or ISO-8601 ({@code P14D}); null for none.
   */
  static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("none")) {
      return null;
    }
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        case 's' -> Duration.ofSeconds(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use e.g. 30d, 12h, P14D or none)");
    }
  }
}
