package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog CSV (README, command-line tools): {@code item_id,title,category,price[,tags]}; tags separated by
 * {@code |}. Rows without an item id are skipped; a bad price is read as unknown.
 */
public final class CatalogCsv {

  public static final String HEADER = "item_id,title,category,price,tags";

  private CatalogCsv() {}

  public static Map<String, Item> read(Path file) {
    Map<String, Item> items = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().toLowerCase(Locale.ROOT).startsWith("item_id,title,category")) {
        throw new IllegalArgumentException(file + ": expected the header item_id,title,category,price[,tags]");
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = Csv.split(line);
        if (f.isEmpty() || f.get(0).isBlank()) {
          continue;
        }
        String id = f.get(0).strip();
        items.put(id, new Item(id, field(f, 1), field(f, 2), price(field(f, 3)),
            f.size() > 4 && !f.get(4).isBlank() ? Arrays.stream(f.get(4).split("\\|")).map(String::strip).toList() : List.of(),
            true));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return items;
  }

  public static void write(Path file, Iterable<Item> items) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      for (Item i : items) {
        out.write(Csv.line(i.itemId(), i.title(), i.category(),
            i.price() == null ? "" : String.format(Locale.ROOT, "%.2f", i.price()), String.join("|", i.tags())));
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String field(List<String> f, int index) {
    return f.size() > index && !f.get(index).isBlank() ? f.get(index).strip() : null;
  }

  private static Double price(String text) {
    if (text == null) {
      return null;
    }
    try {
      double p = Double.parseDouble(text);
      return p >= 0 && Double.isFinite(p) ? p : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
