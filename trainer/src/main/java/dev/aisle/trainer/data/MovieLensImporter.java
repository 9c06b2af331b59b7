package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * MovieLens-style ratings: {@code user item rating timestamp} per line, separated by a tab, {@code
 * ::} or a comma (ml-100k {@code u.data}, ml-1m {@code ratings.dat}, ml-latest {@code
 * ratings.csv}); a header line is skipped. Timestamps are epoch seconds. Each row is a rating
 * event; {@link dev.aisle.weighting.EventWeights} turns ratings at or below 2.5 into no signal.
 */
public final class MovieLensImporter {

  private static final Pattern SEPARATOR = Pattern.compile("::|\t|,");

  private MovieLensImporter() {}

  public static LoadedData load(Path file) {
    return LoadedData.collect(source(file));
  }

  /** The ratings file as a stream of rating events (no catalog). */
  public static InteractionSource source(Path file) {
    return new InteractionSource() {
      @Override
      public String name() {
        return "movielens:" + file;
      }

      @Override
      public boolean hasAcceptTime() {
        return false;
      }

      @Override
      public long read(
          Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
        long last = Long.MIN_VALUE;
        boolean first = true;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank() || first && line.toLowerCase().startsWith("user")) {
              continue;
            }
            first = false;
            report.read();
            String[] f = SEPARATOR.split(line.strip());
            if (f.length < 4) {
              report.invalid("malformed_row");
              continue;
            }
            try {
              double rating = Double.parseDouble(f[2]);
              long ts = Long.parseLong(f[3].strip()) * 1000;
              sink.accept(new Interaction(f[0], f[1], EventType.RATING, ts, rating));
              last = Math.max(last, ts);
            } catch (NumberFormatException e) {
              report.invalid("bad_value");
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
        return last;
      }

      @Override
      public Map<String, Item> catalog() {
        return Map.of();
      }
    };
  }
}
