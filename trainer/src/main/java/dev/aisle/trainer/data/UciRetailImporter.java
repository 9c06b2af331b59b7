package dev.aisle.trainer.data;

import dev.aisle.catalog.Item;
import dev.aisle.csv.CsvFormatException;
import dev.aisle.csv.CsvLine;
import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * UCI Online Retail as sliced in {@code shared/data/uci-online-retail}: {@code interactions-*.csv}
 * ({@code customer_id,stock_code,invoice_no,invoice_date,quantity,unit_price}, UK local time) and
 * {@code items.csv} ({@code stock_code,description}). Purchases only: cancellations (invoice "C…",
 * quantity ≤ 0) and the non-product codes (postage, fees, manual, gift vouchers…) are dropped and
 * counted. Each row becomes a purchase with its quantity; the catalog gets titles and prices
 * (categories are unknown in this dataset).
 */
public final class UciRetailImporter {

  private static final Set<String> NON_PRODUCTS =
      Set.of("POST", "DOT", "M", "D", "C2", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS");
  private static final ZoneId UK = ZoneId.of("Europe/London");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private UciRetailImporter() {}

  public static LoadedData load(Path dir) {
    return LoadedData.collect(source(dir));
  }

  /**
   * The dataset as a stream of purchases; its catalog (titles, prices seen) once it has been read.
   */
  public static InteractionSource source(Path dir) {
    List<Path> parts;
    try (Stream<Path> files = Files.list(dir)) {
      parts =
          files
              .filter(p -> p.getFileName().toString().matches("interactions-.*\\.csv"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(dir + " holds no interactions-*.csv (UCI online retail)");
    }
    Map<String, Double> prices = new HashMap<>();
    return new InteractionSource() {
      @Override
      public String name() {
        return "uci-online-retail:" + dir;
      }

      @Override
      public boolean hasAcceptTime() {
        return false;
      }

      @Override
      public long read(
          Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
        long last = Long.MIN_VALUE;
        for (Path part : parts) {
          try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
              report.read();
              Interaction row = parse(fields(line), report, prices);
              if (row != null) {
                sink.accept(row);
                last = Math.max(last, row.timestamp());
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part, e);
          }
        }
        return last;
      }

      @Override
      public Map<String, Item> catalog() {
        return UciRetailImporter.catalog(dir.resolve("items.csv"), prices);
      }
    };
  }

  private static Interaction parse(
      List<String> f, HygieneReport report, Map<String, Double> prices) {
    if (f.size() < 6) {
      report.invalid("malformed_row");
      return null;
    }
    String customer = f.get(0).strip();
    String code = f.get(1).strip();
    if (customer.isEmpty() || code.isEmpty()) {
      report.invalid("missing_id");
      return null;
    }
    double quantity;
    try {
      quantity = Double.parseDouble(f.get(4).strip());
    } catch (NumberFormatException e) {
      report.invalid("bad_value");
      return null;
    }
    if (f.get(2).startsWith("C") || quantity <= 0) {
      report.dropped("cancellation", 1);
      return null;
    }
    if (NON_PRODUCTS.contains(code.toUpperCase(java.util.Locale.ROOT))
        || code.startsWith("gift_")) {
      report.dropped("non_product_code", 1);
      return null;
    }
    long ts;
    try {
      ts = LocalDateTime.parse(f.get(3).strip(), DATE).atZone(UK).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      report.invalid("bad_timestamp");
      return null;
    }
    try {
      prices.put(code, Double.parseDouble(f.get(5).strip()));
    } catch (NumberFormatException ignored) {
      // a price is catalog decoration; the purchase still counts
    }
    return new Interaction(customer, code, EventType.PURCHASE, ts, quantity);
  }

  private static Map<String, Item> catalog(Path itemsFile, Map<String, Double> prices) {
    Map<String, Item> items = new LinkedHashMap<>();
    if (!Files.exists(itemsFile)) {
      return items;
    }
    try (BufferedReader in = Files.newBufferedReader(itemsFile, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = fields(line);
        if (f.size() >= 2 && !f.get(0).isBlank()) {
          String code = f.get(0).strip();
          items.put(code, new Item(code, f.get(1).strip(), "", prices.get(code), List.of(), true));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + itemsFile, e);
    }
    return items;
  }

  /**
   * The fields of a line of the dataset; a line with a broken quote has none (counted as
   * malformed).
   */
  private static List<String> fields(String line) {
    try {
      return CsvLine.split(line);
    } catch (CsvFormatException e) {
      return List.of();
    }
  }
}
