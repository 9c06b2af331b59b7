package dev.aisle.trainer.data;

import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The interactions CSV of DESIGN.md: header {@code user_id,item_id,event_type,timestamp[,value]}.
 * Rows that cannot be read are counted in the {@link HygieneReport} by reason, never fatal.
 */
public final class InteractionsCsv {

  public static final String HEADER = "user_id,item_id,event_type,timestamp,value";

  private InteractionsCsv() {}

  public static void read(Path file, HygieneReport report, Consumer<Interaction> sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().toLowerCase(Locale.ROOT).startsWith("user_id,item_id,event_type,timestamp")) {
        throw new IllegalArgumentException(file + ": expected the header user_id,item_id,event_type,timestamp[,value]");
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        report.read();
        Interaction row = parse(Csv.split(line), report);
        if (row != null) {
          sink.accept(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Interaction parse(List<String> f, HygieneReport report) {
    if (f.size() < 4 || f.size() > 5) {
      report.invalid("malformed_row");
      return null;
    }
    String user = f.get(0).strip();
    String item = f.get(1).strip();
    if (user.isEmpty() || item.isEmpty()) {
      report.invalid("missing_id");
      return null;
    }
    EventType type = EventType.fromWire(f.get(2).strip()).orElse(null);
    if (type == null) {
      report.invalid("unknown_event_type");
      return null;
    }
    long ts = Timestamps.parse(f.get(3));
    if (ts == Timestamps.INVALID) {
      report.invalid("bad_timestamp");
      return null;
    }
    double value = Double.NaN;
    if (f.size() == 5 && !f.get(4).isBlank()) {
      try {
        value = Double.parseDouble(f.get(4).strip());
      } catch (NumberFormatException e) {
        report.invalid("bad_value");
        return null;
      }
    }
    return new Interaction(user, item, type, ts, value);
  }

  public static void write(Path file, Iterable<Interaction> rows) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      for (Interaction r : rows) {
        out.write(Csv.line(r.userId(), r.itemId(), r.type().wireName(), Instant.ofEpochMilli(r.timestamp()).toString(),
            r.hasValue() ? formatValue(r.value()) : ""));
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String formatValue(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
