package dev.aisle.demo;

import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.trainer.data.CatalogCsv;
import dev.aisle.trainer.data.Csv;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop as files: {@code interactions.csv}, {@code catalog.csv} and {@code users.csv}
 * ({@code user_id,<attribute>…}), as {@code aisle-trainer generate} writes them.
 */
record Shop(List<Interaction> interactions, Map<String, Item> catalog, List<UserProfile> users) {

  static Shop read(Path dir) {
    List<Interaction> interactions = new ArrayList<>();
    HygieneReport unreadable = new HygieneReport();
    InteractionsCsv.read(dir.resolve("interactions.csv"), unreadable, interactions::add);
    Path usersFile = dir.resolve("users.csv");
    return new Shop(interactions, CatalogCsv.read(dir.resolve("catalog.csv")),
        Files.exists(usersFile) ? readUsers(usersFile) : List.of());
  }

  static List<UserProfile> readUsers(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<String> header = Csv.split(lines.get(0));
      List<UserProfile> users = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        List<String> fields = Csv.split(line);
        if (fields.isEmpty() || fields.get(0).isBlank()) {
          continue;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < Math.min(header.size(), fields.size()); i++) {
          if (!fields.get(i).isBlank()) {
            attributes.put(header.get(i).strip(), fields.get(i).strip());
          }
        }
        users.add(new UserProfile(fields.get(0).strip(), attributes));
      }
      return users;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
