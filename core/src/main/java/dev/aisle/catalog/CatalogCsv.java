package dev.aisle.catalog;

import dev.aisle.csv.CsvFormatException;
import dev.aisle.csv.CsvLine;
import dev.aisle.csv.CsvTable;
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
 * The catalog CSV, the one reader and writer of it (trainer, precompute, demo): {@code
 * item_id,title,category,price[,tags][,available]} by header name; tags separated by {@code |};
 * {@code available} true/false/1/0/yes/no, true when empty or absent. An empty {@code item_id}, a
 * price that is not a non-negative number or an {@code available} that is not a boolean refuses the
 * file with its line: a catalog that says something else than it means is not guessed at. An id
 * given twice: the last row wins.
 */
public final class CatalogCsv {

  public static final String HEADER = "item_id,title,category,price,tags";
  public static final List<String> REQUIRED_COLUMNS =
      List.of("item_id", "title", "category", "price");

  private CatalogCsv() {}

  /** The items by id, in file order. */
  public static Map<String, Item> read(Path file) {
    Map<String, Item> items = new LinkedHashMap<>();
    CsvTable.read(
        file,
        REQUIRED_COLUMNS,
        row -> {
          String id = CsvTable.text(row.apply("item_id"));
          if (id == null) {
            throw new CsvFormatException(row.where() + ": empty item_id");
          }
          items.put(
              id,
              new Item(
                  id,
                  CsvTable.text(row.apply("title")),
                  CsvTable.text(row.apply("category")),
                  price(row, CsvTable.text(row.apply("price"))),
                  tags(row.apply("tags")),
                  available(row, CsvTable.text(row.apply("available")))));
        });
    return items;
  }

  public static void write(Path file, Iterable<Item> items) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.newLine();
      for (Item i : items) {
        out.write(
            CsvLine.join(
                i.itemId(),
                i.title(),
                i.category(),
                i.price() == null ? "" : String.format(Locale.ROOT, "%.2f", i.price()),
                String.join("|", i.tags())));
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Double price(CsvTable.Row row, String value) {
    if (value == null) {
      return null;
    }
    try {
      double price = Double.parseDouble(value);
      if (Double.isFinite(price) && price >= 0) {
        return price;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new CsvFormatException(
        row.where() + ": price '" + value + "' is not a non-negative number");
  }

  private static boolean available(CsvTable.Row row, String value) {
    if (value == null) {
      return true;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new CsvFormatException(
              row.where() + ": available '" + value + "' is not true or false");
    };
  }

  private static List<String> tags(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split("\\|")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }
}
