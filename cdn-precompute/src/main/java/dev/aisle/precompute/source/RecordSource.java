package dev.aisle.precompute.source;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where catalog items or shopper profiles come from: {@code none}, a DynamoDB table ({@code
 * dynamodb} for the configured table, {@code dynamodb:NAME} for another), or a CSV file.
 */
public sealed interface RecordSource {

  String describe();

  /** Parses the CLI spelling; {@code configuredTable} is what plain {@code dynamodb} means. */
  static RecordSource parse(String spec, String configuredTable) {
    String s = spec.strip();
    if (s.equals("none")) {
      return new None();
    }
    if (s.equals("dynamodb")) {
      return new Table(configuredTable);
    }
    if (s.startsWith("dynamodb:")) {
      return new Table(s.substring("dynamodb:".length()));
    }
    Path file = Path.of(s);
    if (!Files.isRegularFile(file)) {
      throw new InputException(
          "no such file: " + file + " (expected a CSV file, dynamodb[:TABLE] or none)");
    }
    return new CsvFile(file);
  }

  record None() implements RecordSource {
    @Override
    public String describe() {
      return "none";
    }
  }

  record Table(String name) implements RecordSource {
    public Table {
      if (name == null || name.isBlank()) {
        throw new InputException("dynamodb: needs a table name");
      }
    }

    @Override
    public String describe() {
      return "dynamodb:" + name;
    }
  }

  record CsvFile(Path path) implements RecordSource {
    @Override
    public String describe() {
      return path.toString();
    }
  }
}
