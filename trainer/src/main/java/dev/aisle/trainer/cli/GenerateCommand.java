package dev.aisle.trainer.cli;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopFiles;
import dev.aisle.trainer.synthetic.ShopGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes a seeded synthetic shop: interactions.csv, catalog.csv and users.csv "
            + "(hidden tastes, power-law popularity, sessions, prices, new users and items, a few crawlers).")
final class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the three CSV files.")
  Path out;

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Shoppers (default: ${DEFAULT-VALUE}).")
  int users = 2000;

  @Option(
      names = "--items",
      paramLabel = "N",
      description = "Catalog items (default: ${DEFAULT-VALUE}).")
  int items = 500;

  @Option(
      names = "--events-per-user",
      paramLabel = "N",
      description = "Mean events per shopper (default: ${DEFAULT-VALUE}).")
  double eventsPerUser = 20;

  @Option(
      names = "--categories",
      paramLabel = "N",
      description = "Categories (default: ${DEFAULT-VALUE}).")
  int categories = 12;

  @Option(
      names = "--clusters",
      paramLabel = "N",
      description = "Hidden taste groups (default: ${DEFAULT-VALUE}).")
  int clusters = 8;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days = 60;

  @Option(
      names = "--end",
      paramLabel = "ISO-8601",
      description = "Time of the last event (default: now, to the hour).")
  Instant end;

  @Option(
      names = "--new-share",
      paramLabel = "SHARE",
      description = "Share of items and shoppers that are new (default: ${DEFAULT-VALUE}).")
  double newShare = 0.05;

  @Option(
      names = "--bot-share",
      paramLabel = "SHARE",
      description = "Crawlers per shopper (default: ${DEFAULT-VALUE}).")
  double botShare = 0.002;

  @Option(names = "--seed", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--stream",
      description =
          "Write events as they are generated, in constant memory (not in time "
              + "order): for shops of many millions of events.")
  boolean stream;

  @Override
  public Integer call() throws IOException {
    if (days < 1) {
      throw new IllegalArgumentException("--days must be >= 1");
    }
    Instant last = end != null ? end : Instant.now().truncatedTo(ChronoUnit.HOURS);
    ShopConfig config =
        new ShopConfig(
            users,
            items,
            categories,
            clusters,
            eventsPerUser,
            Duration.ofDays(days),
            last,
            newShare,
            botShare,
            seed);
    long started = System.nanoTime();
    Files.createDirectories(out);
    long events;
    int shoppers;
    int catalogItems;
    if (stream) {
      try (ShopFiles files =
          new ShopFiles(
              out.resolve("interactions.csv"),
              out.resolve("catalog.csv"),
              out.resolve("users.csv"))) {
        int[] counts = new int[2];
        new ShopGenerator(config)
            .stream(
                new ShopGenerator.Sink() {
                  @Override
                  public void user(UserProfile user) {
                    counts[0]++;
                    files.user(user);
                  }

                  @Override
                  public void interaction(Interaction interaction) {
                    files.interaction(interaction);
                  }

                  @Override
                  public void item(Item item) {
                    counts[1]++;
                    files.item(item);
                  }
                });
        events = files.events();
        shoppers = counts[0];
        catalogItems = counts[1];
      }
    } else {
      ShopGenerator.Shop shop = new ShopGenerator(config).generate();
      InteractionsCsv.write(out.resolve("interactions.csv"), shop.interactions());
      CatalogCsv.write(out.resolve("catalog.csv"), shop.items());
      try (ShopFiles users = new ShopFiles(null, null, out.resolve("users.csv"))) {
        shop.users().forEach(users::user);
      }
      events = shop.interactions().size();
      shoppers = shop.users().size();
      catalogItems = shop.items().size();
    }
    System.out.printf(
        Locale.ROOT,
        "generated %d events of %d shoppers on %d items in %d categories (%d days to %s, seed %d) "
            + "into %s in %.1f s%n",
        events,
        shoppers,
        catalogItems,
        categories,
        days,
        last,
        seed,
        out,
        (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
