package dev.aisle.demo;

import dev.aisle.catalog.CatalogCsv;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.catalog.UsersCsv;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shop as files: {@code interactions.csv}, {@code catalog.csv} and {@code users.csv} ({@code
 * user_id,<attribute>…}), as {@code aisle-trainer generate} writes them.
 */
record Shop(List<Interaction> interactions, Map<String, Item> catalog, List<UserProfile> users) {

  static Shop read(Path dir) {
    List<Interaction> interactions = new ArrayList<>();
    HygieneReport unreadable = new HygieneReport();
    InteractionsCsv.read(dir.resolve("interactions.csv"), unreadable, interactions::add);
    Path usersFile = dir.resolve("users.csv");
    return new Shop(
        interactions,
        CatalogCsv.read(dir.resolve("catalog.csv")),
        Files.exists(usersFile) ? readUsers(usersFile) : List.of());
  }

  /** users.csv through the one users reader: an empty user_id refuses the file. */
  static List<UserProfile> readUsers(Path file) {
    return UsersCsv.read(file);
  }
}
