package dev.aisle.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One CSV record per line (RFC 4180 quoting: double quotes enclose fields that hold commas or
 * quotes, {@code ""} is one quote; records never span lines, as ids and titles hold no line
 * breaks), for readers that split lines themselves, such as the trainer's parallel interactions
 * reader. A line without a quote is split at its commas (the common case, and what keeps a reader
 * at millions of rows a second); a quoted line is parsed by Jackson's CSV parser, like {@link
 * CsvTable}.
 */
public final class CsvLine {

  private static final ObjectReader ARRAYS =
      new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);

  private CsvLine() {}

  /** The fields of {@code line}; an unterminated quote is a {@link CsvFormatException}. */
  public static List<String> split(String line) {
    return line.indexOf('"') < 0 ? splitPlain(line) : splitQuoted(line);
  }

  private static List<String> splitPlain(String line) {
    List<String> fields = new ArrayList<>(6);
    int from = 0;
    for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
      fields.add(line.substring(from, comma));
      from = comma + 1;
    }
    fields.add(line.substring(from));
    return fields;
  }

  private static List<String> splitQuoted(String line) {
    try (MappingIterator<String[]> records = ARRAYS.readValues(line)) {
      return records.hasNextValue() ? Arrays.asList(records.nextValue()) : List.of("");
    } catch (IOException e) {
      String reason =
          e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      throw new CsvFormatException("not a CSV line: " + reason, e);
    }
  }

  /**
   * The field as it must be written: quoted when it holds a comma, a quote or surrounding space.
   */
  public static String quote(String field) {
    if (field == null) {
      return "";
    }
    boolean needs =
        field.indexOf(',') >= 0
            || field.indexOf('"') >= 0
            || !field.isEmpty()
                && (Character.isWhitespace(field.charAt(0))
                    || Character.isWhitespace(field.charAt(field.length() - 1)));
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  /** The line of these fields, each quoted as it needs. */
  public static String join(String... fields) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(quote(fields[i]));
    }
    return s.toString();
  }
}
