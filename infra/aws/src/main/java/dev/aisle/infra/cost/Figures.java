package dev.aisle.infra.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers with the note that says where each comes from: the price table and the usage assumptions
 * ({@code cost/*.properties}). A line is {@code key=value # note}; lines starting with {@code #}
 * are comments. Unlike {@link java.util.Properties}, the note after a value is kept, so the report
 * can say which figure an estimate stands on.
 */
public final class Figures {

  /** One figure and its note. */
  public record Figure(double value, String note) {}

  private final String name;
  private final Map<String, Figure> figures;
  private final Map<String, String> texts;

  private Figures(String name, Map<String, Figure> figures, Map<String, String> texts) {
    this.name = name;
    this.figures = figures;
    this.texts = texts;
  }

  /**
   * Reads a table from the classpath ({@code cost/prices-us-east-1.properties}, {@code
   * cost/usage.properties}).
   */
  public static Figures load(String resource) {
    try (InputStream in = Figures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the classpath");
      }
      return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Figures parse(String name, BufferedReader lines) throws IOException {
    Map<String, Figure> figures = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(
            name + ":" + number + ": expected key=value, got " + trimmed);
      }
      String key = trimmed.substring(0, equals).strip();
      String rest = trimmed.substring(equals + 1);
      int hash = rest.indexOf('#');
      String value = (hash < 0 ? rest : rest.substring(0, hash)).strip();
      String note = hash < 0 ? "" : rest.substring(hash + 1).strip();
      try {
        figures.put(key, new Figure(Double.parseDouble(value), note));
      } catch (NumberFormatException e) {
        texts.put(key, value);
      }
    }
    return new Figures(name, figures, texts);
  }

  public double value(String key) {
    return figure(key).value();
  }

  public Figure figure(String key) {
    Figure figure = figures.get(key);
    if (figure == null) {
      throw new IllegalArgumentException(name + " has no figure " + key);
    }
    return figure;
  }

  public boolean has(String key) {
    return figures.containsKey(key);
  }

  /** A text entry such as {@code region} or {@code date}. */
  public String text(String key) {
    String text = texts.get(key);
    if (text == null) {
      throw new IllegalArgumentException(name + " has no entry " + key);
    }
    return text;
  }

  /** A copy with some figures replaced ({@code --assume key=value}): what-if estimates. */
  public Figures with(Map<String, Double> overrides) {
    Map<String, Figure> changed = new LinkedHashMap<>(figures);
    overrides.forEach(
        (key, value) -> {
          if (!figures.containsKey(key)) {
            throw new IllegalArgumentException(name + " has no figure " + key + " to change");
          }
          changed.put(
              key,
              new Figure(
                  value, "changed for this estimate (was " + figures.get(key).value() + ")"));
        });
    return new Figures(name, changed, texts);
  }
}
