package dev.aisle.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a CSV file with a header row (RFC 4180 quoting, Jackson's CSV parser) row by row, each row
 * a lookup by column name on the parsed array (a million rows cost no map each). Aisle's readers of
 * whole files (catalog, users, the precompute's interactions) are built on it; a file that cannot
 * be read is a {@link CsvFormatException} naming the file and the line.
 */
public final class CsvTable {

  private static final CsvMapper MAPPER = new CsvMapper();

  private CsvTable() {}

  /** One data row: a value by column name (null for a column the header or the row lacks). */
  public interface Row extends Function<String, String> {

    /** The row's line in the file (1 is the header). */
    long line();

    /** "{@code <file> line <n>}", to begin a message about this row. */
    String where();

    /** The header's column names, in order. */
    List<String> columns();
  }

  /**
   * Calls {@code handler} with each data row; the header must name every column of {@code
   * required}.
   */
  public static void read(Path file, List<String> required, Consumer<Row> handler) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows =
            MAPPER
                .readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(reader)) {
      if (!rows.hasNextValue()) {
        throw new CsvFormatException(file + ": empty file, expected a header row " + required);
      }
      String[] header = rows.nextValue();
      Map<String, Integer> columns = columns(file, header, required);
      List<String> names = java.util.Arrays.stream(header).map(String::strip).toList();
      while (rows.hasNextValue()) {
        long line = rows.getCurrentLocation().getLineNr();
        String[] values = rows.nextValue();
        handler.accept(
            new Row() {
              @Override
              public String apply(String column) {
                Integer index = columns.get(column);
                return index == null || index >= values.length ? null : values[index];
              }

              @Override
              public long line() {
                return line;
              }

              @Override
              public String where() {
                return file + " line " + line;
              }

              @Override
              public List<String> columns() {
                return names;
              }
            });
      }
    } catch (JsonProcessingException e) {
      throw new CsvFormatException(file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CsvFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      // Jackson wraps what it meets while iterating in unchecked exceptions
      if (e instanceof CsvFormatException || !(e.getCause() instanceof IOException)) {
        throw e;
      }
      throw new CsvFormatException(
          file + ": " + e.getCause().getMessage().lines().findFirst().orElse("unreadable"), e);
    }
  }

  private static Map<String, Integer> columns(Path file, String[] header, List<String> required) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      columns.putIfAbsent(header[i].strip(), i);
    }
    for (String column : required) {
      if (!columns.containsKey(column)) {
        throw new CsvFormatException(
            file + ": the header has no column " + column + " (expected " + required + ")");
      }
    }
    return columns;
  }

  /** {@code value} stripped, or null when absent or blank. */
  public static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
