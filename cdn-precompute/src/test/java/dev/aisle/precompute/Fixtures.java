package dev.aisle.precompute;

import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the {@link TwoTastes} model and its catalog and users as the files the CLI reads. */
final class Fixtures {

  private Fixtures() {}

  static Path modelDir(Path dir, Model model) {
    Path folder = dir.resolve("model");
    ModelFiles.write(model, folder);
    return folder;
  }

  static Path catalogCsv(Path dir, List<Item> items) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("item_id,title,category,price,tags,available");
    for (Item item : items) {
      lines.add(
          String.join(
              ",",
              quote(item.itemId()),
              quote(item.title()),
              quote(item.category()),
              String.format(Locale.ROOT, "%.2f", item.price()),
              quote(String.join("|", item.tags())),
              Boolean.toString(item.available())));
    }
    return Files.write(dir.resolve("catalog.csv"), lines);
  }

  static Path usersCsv(Path dir, List<UserProfile> profiles) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("user_id,country,device,channel");
    for (UserProfile p : profiles) {
      lines.add(
          String.join(
              ",",
              quote(p.userId()),
              quote(p.attributes().getOrDefault("country", "")),
              quote(p.attributes().getOrDefault("device", "")),
              quote(p.attributes().getOrDefault("channel", ""))));
    }
    return Files.write(dir.resolve("users.csv"), lines);
  }

  private static String quote(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
