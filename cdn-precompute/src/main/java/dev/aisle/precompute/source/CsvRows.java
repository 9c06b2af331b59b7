package dev.aisle.precompute.source;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a CSV file with a header row (RFC 4180 quoting) row by row. A row is handed over as a
 * column-name lookup on the parsed array, so a million rows cost no map each.
 */
final class CsvRows {

  private static final CsvMapper MAPPER = new CsvMapper();

  private CsvRows() {}

  /** One data row; missing trailing columns read as null. */
  interface Row extends Function<String, String> {
    long line();
  }

  @FunctionalInterface
  interface RowHandler {
    void row(Row row);
  }

  /** Calls {@code handler} with each data row; the header must name every column of {@code required}. */
  static void read(Path file, List<String> required, RowHandler handler) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = MAPPER.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .readValues(reader)) {
      if (!rows.hasNextValue()) {
        throw new InputException(file + ": empty file, expected a header row " + required);
      }
      Map<String, Integer> columns = new HashMap<>();
      String[] header = rows.nextValue();
      for (int i = 0; i < header.length; i++) {
        columns.put(header[i].strip(), i);
      }
      for (String column : required) {
        if (!columns.containsKey(column)) {
          throw new InputException(file + ": the header has no column " + column + " (expected " + required + ")");
        }
      }
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        String[] values = rows.nextValue();
        handler.row(new Row() {
          @Override
          public String apply(String column) {
            Integer index = columns.get(column);
            return index == null || index >= values.length ? null : values[index];
          }

          @Override
          public long line() {
            return line;
          }
        });
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException input) {
        throw input;
      }
      throw new InputException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"), e);
    }
  }
}
