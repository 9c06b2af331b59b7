package dev.aisle.demo;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.csv.CsvLine;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.data.LastFmImporter;
import dev.aisle.trainer.data.LoadedData;
import dev.aisle.trainer.data.UciRetailImporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Turns a real dataset into a shop folder (the files {@code load} sends), with the trainer's
 * importers: UCI online retail (purchases, customers' countries) or Last.fm 2k (plays).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Convert a dataset folder (uci-retail or lastfm) into interactions.csv, catalog.csv, users.csv.")
final class ImportCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", required = true, description = "uci-retail or lastfm.")
  String format;

  @Option(names = "--from", required = true, description = "The dataset folder.")
  Path from;

  @Option(names = "--out", required = true, description = "The shop folder to write.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(from)) {
      throw new ParameterException(spec.commandLine(), "--from " + from + " is not a folder");
    }
    LoadedData data =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "uci-retail", "uci" -> UciRetailImporter.load(from);
          case "lastfm" -> LastFmImporter.load(from);
          default ->
              throw new ParameterException(
                  spec.commandLine(), "--format must be uci-retail or lastfm, not " + format);
        };
    Files.createDirectories(out);
    InteractionsCsv.write(out.resolve("interactions.csv"), data.interactions());
    CatalogCsv.write(out.resolve("catalog.csv"), data.catalog().values());
    writeUsers(from.resolve("customers.csv"), out.resolve("users.csv"));
    System.out.printf(
        Locale.ROOT,
        "%s: %,d interactions, %,d catalog items -> %s%n",
        data.source(),
        data.interactions().size(),
        data.catalog().size(),
        out);
    return 0;
  }

  /**
   * UCI's customers.csv (customer_id,country) becomes users.csv; other datasets have no attributes.
   */
  private static void writeUsers(Path customers, Path users) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(users)) {
      w.write("user_id,country");
      w.newLine();
      if (!Files.exists(customers)) {
        return;
      }
      List<String> lines = Files.readAllLines(customers);
      for (String line : lines.subList(1, lines.size())) {
        List<String> f = CsvLine.split(line);
        if (f.size() >= 2 && !f.get(0).isBlank()) {
          w.write(CsvLine.join(f.get(0).strip(), f.get(1).strip()));
          w.newLine();
        }
      }
    }
  }
}
