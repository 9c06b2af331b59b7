package dev.aisle.trainer.data;

import dev.aisle.csv.CsvFormatException;
import dev.aisle.csv.CsvLine;
import dev.aisle.event.EventType;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The interactions CSV (README, command-line tools): header {@code
 * user_id,item_id,event_type,timestamp[,value]}. Rows that cannot be read are counted in the {@link
 * HygieneReport} by reason, never fatal.
 */
public final class InteractionsCsv {

  public static final String HEADER = "user_id,item_id,event_type,timestamp,value";

  private InteractionsCsv() {}

  public static void read(Path file, HygieneReport report, Consumer<Interaction> sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checkHeader(file, in.readLine());
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        report.read();
        Interaction row = parse(line, report);
        if (row != null) {
          sink.accept(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * As {@link #read}, parsing on {@code threads} threads: this thread reads batches of lines, the
   * pool parses them, and rows reach {@code sink} on this thread in file order (so what is built
   * from them does not depend on the thread count). At most {@code 2 × threads} batches are in
   * flight.
   *
   * @return the newest timestamp among the rows read, {@link Long#MIN_VALUE} when none
   */
  public static long readParallel(
      Path file, int threads, HygieneReport report, Consumer<Interaction> sink) {
    ExecutorService pool = DaemonThreads.fixedPool("aisle-csv", Math.max(1, threads));
    ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    long newest = Long.MIN_VALUE;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checkHeader(file, in.readLine());
      List<String> lines = new ArrayList<>(BATCH);
      for (String line = in.readLine(); ; line = in.readLine()) {
        if (line != null) {
          lines.add(line);
        }
        if (lines.size() == BATCH || line == null && !lines.isEmpty()) {
          List<String> batch = lines;
          inFlight.add(pool.submit(() -> parseBatch(batch)));
          lines = new ArrayList<>(BATCH);
        }
        while (!inFlight.isEmpty()
            && (inFlight.size() >= 2 * Math.max(1, threads) || line == null)) {
          newest = Math.max(newest, inFlight.poll().get().deliver(report, sink));
        }
        if (line == null) {
          return newest;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + file, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int BATCH = 16_384;

  /** One batch of lines, parsed: its rows, its own counts, its newest timestamp. */
  private record Batch(List<Interaction> rows, HygieneReport report, long newest) {

    long deliver(HygieneReport into, Consumer<Interaction> sink) {
      into.merge(report);
      rows.forEach(sink);
      return newest;
    }
  }

  private static Batch parseBatch(List<String> lines) {
    HygieneReport report = new HygieneReport();
    List<Interaction> rows = new ArrayList<>(lines.size());
    long newest = Long.MIN_VALUE;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      report.read();
      Interaction row = parse(line, report);
      if (row != null) {
        rows.add(row);
        newest = Math.max(newest, row.timestamp());
      }
    }
    return new Batch(rows, report, newest);
  }

  private static void checkHeader(Path file, String header) {
    if (header == null
        || !header
            .strip()
            .toLowerCase(Locale.ROOT)
            .startsWith("user_id,item_id,event_type,timestamp")) {
      throw new IllegalArgumentException(
          file + ": expected the header user_id,item_id,event_type,timestamp[,value]");
    }
  }

  /** One line: its row, or null when it cannot be read (counted by reason). */
  static Interaction parse(String line, HygieneReport report) {
    List<String> fields;
    try {
      fields = CsvLine.split(line);
    } catch (CsvFormatException e) {
      report.invalid("malformed_row");
      return null;
    }
    return parse(fields, report);
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
        writeRow(out, r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** One row as {@link #write} spells it (for writers that stream rows rather than hold them). */
  public static void writeRow(java.io.Writer out, Interaction r) throws IOException {
    out.write(
        CsvLine.join(
            r.userId(),
            r.itemId(),
            r.type().wireName(),
            Instant.ofEpochMilli(r.timestamp()).toString(),
            r.hasValue() ? formatValue(r.value()) : ""));
    out.write('\n');
  }

  private static String formatValue(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
