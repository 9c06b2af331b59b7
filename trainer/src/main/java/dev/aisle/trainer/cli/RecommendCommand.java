package dev.aisle.trainer.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.aisle.csv.CsvLine;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.serving.ServedModel;
import dev.aisle.trainer.data.InteractionsCsv;
import dev.aisle.trainer.hygiene.HygieneReport;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description =
        "Batch inference: one JSON line per user, {\"userId\",\"source\",\"items\":[{\"itemId\",\"score\"}]}. "
            + "Each shopper's vector is folded in from their events (--interactions FILE, else the user-state and events "
            + "tables, as serving does); items they bought, unavailable items (and, with --seen, every item in that file) "
            + "are left out; shoppers without events on items the model knows get the popular items.")
final class RecommendCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "A models root (follows CURRENT) or one model's folder.")
  String model;

  @Option(
      names = "--users",
      required = true,
      paramLabel = "FILE",
      description = "User ids, one per line (a CSV's first column; a user_id header is skipped).")
  Path users;

  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Items per user, 1..1000 (default: ${DEFAULT-VALUE}).")
  int k = 10;

  @Option(
      names = "--seen",
      paramLabel = "FILE",
      description =
          "Interactions CSV whose items are left out for their users, besides what they bought.")
  Path seen;

  @Option(names = "--include-seen", description = "Do not leave out bought or seen items.")
  boolean includeSeen;

  @Option(
      names = "--interactions",
      paramLabel = "FILE",
      description =
          "Interactions CSV the shoppers' vectors are folded in from (their newest ${DEFAULT-VALUE} events "
              + "each, see --latest); without it, the user-state and events tables (the local stack's or AISLE_*).")
  Path interactions;

  @Option(
      names = "--latest",
      paramLabel = "N",
      description = "Newest events per shopper folded in (default: ${DEFAULT-VALUE}).")
  int latest = 50;

  @Override
  public Integer call() throws IOException {
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("--k must be in 1..1000, got " + k);
    }
    if (!Files.isRegularFile(users)) {
      throw new IllegalArgumentException("no such users file: " + users);
    }
    Model m;
    try (ModelRepository repository = new ModelRepository(ModelLocation.parse(model))) {
      m = repository.read();
    }
    Map<String, Set<String>> seenItems = includeSeen || seen == null ? Map.of() : readSeen(seen);
    ServedModel served = new ServedModel(m, ServedModel.SearchSettings.singleThreaded());
    ShopperSource shoppers = ShopperSource.open(interactions, latest, m);
    BatchRecommender recommender =
        new BatchRecommender(
            served,
            shoppers.lookup(),
            shoppers.unavailable(),
            !includeSeen,
            java.time.Clock.systemUTC());
    ObjectWriter writer = Json.mapper().writer();
    PrintStream out = System.out;
    long count = 0;
    try (BufferedReader in = Files.newBufferedReader(users, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String userId = CsvLine.split(line).get(0).strip();
        if (userId.isEmpty() || count == 0 && userId.equalsIgnoreCase("user_id")) {
          continue;
        }
        Set<String> exclude = seenItems.getOrDefault(userId, Set.of());
        BatchRecommender.Recommendation r = recommender.recommend(userId, k, exclude);
        out.println(writer.writeValueAsString(r));
        count++;
      }
    }
    System.err.println(
        "recommended for "
            + count
            + " users with model "
            + m.version()
            + " (shoppers from "
            + shoppers.describe()
            + ")");
    shoppers.close();
    return 0;
  }

  private static Map<String, Set<String>> readSeen(Path file) {
    Map<String, Set<String>> seen = new HashMap<>();
    InteractionsCsv.read(
        file,
        new HygieneReport(),
        row -> seen.computeIfAbsent(row.userId(), u -> new HashSet<>()).add(row.itemId()));
    return seen;
  }
}
