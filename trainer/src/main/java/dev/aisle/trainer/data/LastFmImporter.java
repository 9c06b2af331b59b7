package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Last.fm 2k (HetRec 2011): {@code user_artists.dat} (userID, artistID, plays; tab-separated). Each
 * (user, artist) becomes one purchase whose quantity is the play count, so its weight grows with
 * the log of the plays (see {@link dev.aisle.weighting.EventWeights}). The dataset has no listening
 * times: every row gets the same timestamp, and the temporal split then breaks the tie with its
 * seeded shuffle (a random per-user hold-out). The catalog gets artist names ({@code artists.dat})
 * and, as category, each artist's most used tag ({@code user_taggedartists.dat}, {@code tags.dat}).
 */
public final class LastFmImporter {

  /** The dataset's release; all plays are stamped with it. */
  static final long SNAPSHOT = Instant.parse("2011-05-01T00:00:00Z").toEpochMilli();

  private LastFmImporter() {}

  public static LoadedData load(Path dir) {
    return LoadedData.collect(source(dir));
  }

  /**
   * The dataset as a stream of one purchase per (user, artist); its catalog from the artist files.
   */
  public static InteractionSource source(Path dir) {
    Path plays = dir.resolve("user_artists.dat");
    if (!Files.exists(plays)) {
      throw new IllegalArgumentException(dir + " holds no user_artists.dat (Last.fm 2k)");
    }
    return new InteractionSource() {
      @Override
      public String name() {
        return "lastfm-2k:" + dir;
      }

      @Override
      public boolean hasAcceptTime() {
        return false;
      }

      @Override
      public long read(
          Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
        long[] newest = {Long.MIN_VALUE};
        readTsv(
            plays,
            StandardCharsets.UTF_8,
            f -> {
              report.read();
              if (f.length < 3) {
                report.invalid("malformed_row");
                return;
              }
              try {
                double count = Double.parseDouble(f[2]);
                if (count <= 0) {
                  report.invalid("bad_value");
                  return;
                }
                sink.accept(new Interaction(f[0], f[1], EventType.PURCHASE, SNAPSHOT, count));
                newest[0] = SNAPSHOT;
              } catch (NumberFormatException e) {
                report.invalid("bad_value");
              }
            });
        return newest[0];
      }

      @Override
      public Map<String, Item> catalog() {
        return LastFmImporter.catalog(dir);
      }
    };
  }

  private static Map<String, Item> catalog(Path dir) {
    Map<String, String> names = new HashMap<>();
    if (Files.exists(dir.resolve("artists.dat"))) {
      readTsv(
          dir.resolve("artists.dat"),
          StandardCharsets.UTF_8,
          f -> names.put(f[0], f.length > 1 ? f[1] : ""));
    }
    Map<String, String> tagNames = new HashMap<>();
    if (Files.exists(dir.resolve("tags.dat"))) {
      readTsv(
          dir.resolve("tags.dat"),
          StandardCharsets.ISO_8859_1,
          f -> tagNames.put(f[0], f.length > 1 ? f[1] : ""));
    }
    Map<String, Map<String, Integer>> tagCounts = new HashMap<>();
    if (Files.exists(dir.resolve("user_taggedartists.dat"))) {
      readTsv(
          dir.resolve("user_taggedartists.dat"),
          StandardCharsets.UTF_8,
          f -> {
            if (f.length >= 3) {
              tagCounts.computeIfAbsent(f[1], a -> new HashMap<>()).merge(f[2], 1, Integer::sum);
            }
          });
    }
    Map<String, Item> items = new LinkedHashMap<>();
    names.forEach(
        (id, name) -> {
          String category =
              tagCounts.getOrDefault(id, Map.of()).entrySet().stream()
                  .max(
                      Map.Entry.<String, Integer>comparingByValue()
                          .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder()))
                  .map(e -> tagNames.getOrDefault(e.getKey(), ""))
                  .orElse("");
          items.put(id, new Item(id, name, category, null, List.of(), true));
        });
    return items;
  }

  private static void readTsv(Path file, Charset charset, Consumer<String[]> row) {
    try (BufferedReader in = Files.newBufferedReader(file, charset)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          row.accept(line.split("\t"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
