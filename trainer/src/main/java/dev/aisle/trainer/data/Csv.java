package dev.aisle.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 fields of one line: commas separate, double quotes enclose fields that hold commas or
 * quotes ("" is one quote). Records never span lines (ids and titles hold no line breaks).
 */
public final class Csv {

  private Csv() {}

  public static List<String> split(String line) {
    if (line.indexOf('"') < 0) {
      return splitPlain(line);
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** A line without quotes: the fields are what lies between commas (the common case, without copying char by char). */
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

  /** The field as it must be written: quoted when it holds a comma, a quote or surrounding space. */
  public static String quote(String field) {
    if (field == null) {
      return "";
    }
    boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
        || !field.isEmpty() && (Character.isWhitespace(field.charAt(0))
            || Character.isWhitespace(field.charAt(field.length() - 1)));
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  public static String line(String... fields) {
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
