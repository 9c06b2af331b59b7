package dev.aisle.trainer.synthetic;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.csv.CsvLine;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionsCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A shop's three CSV files written as it is generated ({@code interactions.csv}, {@code
 * catalog.csv}, {@code users.csv}; a null path leaves that file out), for shops too large to hold.
 */
public final class ShopFiles implements ShopGenerator.Sink, AutoCloseable {

  private final Writer interactions;
  private final Writer catalog;
  private final Writer users;
  private long events;

  public ShopFiles(Path interactionsFile, Path catalogFile, Path usersFile) {
    try {
      interactions =
          interactionsFile == null ? null : open(interactionsFile, InteractionsCsv.HEADER);
      catalog = catalogFile == null ? null : open(catalogFile, CatalogCsv.HEADER);
      users = usersFile == null ? null : open(usersFile, "user_id,country,device,channel");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the shop's files", e);
    }
  }

  private static Writer open(Path file, String header) throws IOException {
    Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    w.write(header);
    w.write('\n');
    return w;
  }

  /** Events written so far. */
  public long events() {
    return events;
  }

  @Override
  public void user(UserProfile user) {
    if (users != null) {
      write(
          users,
          CsvLine.join(
              user.userId(),
              user.attributes().get("country"),
              user.attributes().get("device"),
              user.attributes().get("channel")));
    }
  }

  @Override
  public void interaction(Interaction interaction) {
    if (interactions == null) {
      return;
    }
    try {
      InteractionsCsv.writeRow(interactions, interaction);
      events++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an interaction", e);
    }
  }

  @Override
  public void item(Item item) {
    if (catalog != null) {
      write(
          catalog,
          CsvLine.join(
              item.itemId(),
              item.title(),
              item.category(),
              item.price() == null ? "" : String.format(Locale.ROOT, "%.2f", item.price()),
              String.join("|", item.tags())));
    }
  }

  private static void write(Writer w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a shop file", e);
    }
  }

  @Override
  public void close() {
    try {
      for (Writer w : new Writer[] {interactions, catalog, users}) {
        if (w != null) {
          w.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the shop's files", e);
    }
  }
}
