package dev.aisle.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on a small synthetic shop, publishing to a folder (no servers needed). */
class AisleTrainerTest {

  @TempDir static Path dir;

  @BeforeAll
  static void generateShop() {
    assertThat(
            run(
                    "generate",
                    "--out",
                    dir.resolve("shop").toString(),
                    "--users",
                    "600",
                    "--items",
                    "150",
                    "--seed",
                    "3",
                    "--end",
                    "2026-01-01T00:00:00Z")
                .exit())
        .isZero();
  }

  @Test
  void generateIsDeterministicForASeed() throws Exception {
    Path again = dir.resolve("again");
    run(
        "generate",
        "--out",
        again.toString(),
        "--users",
        "600",
        "--items",
        "150",
        "--seed",
        "3",
        "--end",
        "2026-01-01T00:00:00Z");
    for (String f : List.of("interactions.csv", "catalog.csv", "users.csv")) {
      assertThat(Files.readString(again.resolve(f)))
          .isEqualTo(Files.readString(dir.resolve("shop").resolve(f)));
    }
    assertThat(Files.readAllLines(dir.resolve("shop/users.csv")).get(0))
        .isEqualTo("user_id,country,device,channel");

    // streamed (constant memory, not in time order): the same events, users and items
    Path streamed = dir.resolve("streamed");
    run(
        "generate",
        "--out",
        streamed.toString(),
        "--users",
        "600",
        "--items",
        "150",
        "--seed",
        "3",
        "--end",
        "2026-01-01T00:00:00Z",
        "--stream");
    for (String f : List.of("interactions.csv", "catalog.csv", "users.csv")) {
      assertThat(Files.readAllLines(streamed.resolve(f)))
          .containsExactlyInAnyOrderElementsOf(Files.readAllLines(dir.resolve("shop").resolve(f)));
    }
  }

  @Test
  void trainsPublishesToAFolderAndRecommends() throws Exception {
    Path models = dir.resolve("models");
    Path report = dir.resolve("report.json");
    Result train =
        run(
            "train",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--catalog",
            dir.resolve("shop/catalog.csv").toString(),
            "--out",
            models.toString(),
            "--factors",
            "16",
            "--iterations",
            "8",
            "--regularization",
            "1",
            "--alpha",
            "1",
            "--report",
            report.toString(),
            "--html",
            dir.resolve("r.html").toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("published")
        .contains("als")
        .contains("popular")
        .contains("itemKnn");
    assertThat(metricLines(train.out())).containsExactly("ModelPublished");

    String version = Files.readString(models.resolve("CURRENT")).strip();
    Model model = ModelFiles.read(models.resolve(version));
    assertThat(model.factors()).isEqualTo(16);
    assertThat(model.popular().overall()).isNotEmpty();
    assertThat(model.popular().byCategory()).isNotEmpty();
    assertThat(model.similar().perItem()).isEqualTo(20);
    assertThat(model.manifest().users()).isPositive();
    assertThat(model.itemGramian()).hasSize(16 * 16);
    assertThat(model.manifest().metrics()).containsKeys("validation", "test");

    JsonNode r = Json.mapper().readTree(report.toFile());
    assertThat(r.path("hygiene").path("dropped").path("outlier_user").asLong()).isPositive();
    double als = r.path("evaluation").path("test").path("als").path("ndcg@10").asDouble();
    double popular = r.path("evaluation").path("test").path("popular").path("ndcg@10").asDouble();
    assertThat(als).isGreaterThan(popular);
    assertThat(Files.readString(dir.resolve("r.html")))
        .contains("<svg")
        .contains("Test metrics per recommender");

    // a worse model is gated unless forced (plain ALS: model-kind auto would rescue this broken ALS
    // with a blend
    // that ranks by item-kNN)
    Result worse =
        run(
            "train",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--out",
            models.toString(),
            "--factors",
            "2",
            "--iterations",
            "1",
            "--alpha",
            "0",
            "--regularization",
            "100",
            "--model-kind",
            "als");
    assertThat(worse.out()).contains("not published (gate)");
    assertThat(worse.exit())
        .as("a gated model has its own exit code")
        .isEqualTo(AisleTrainer.GATED);
    assertThat(metricLines(worse.out())).containsExactly("ModelGated");
    assertThat(Files.readString(models.resolve("CURRENT")).strip()).isEqualTo(version);

    Path users = dir.resolve("users.txt");
    Path interactions = dir.resolve("shop/interactions.csv");
    List<String> rows = Files.readAllLines(interactions);
    String known = rows.get(1).split(",")[0];
    Set<String> bought = new HashSet<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      if (cells[0].equals(known) && cells[2].equals("purchase")) {
        bought.add(cells[1]);
      }
    }
    Files.writeString(users, "user_id\n" + known + "\nnobody-knows-me\n");
    // the shoppers' vectors are folded in from the same events file, as serving folds them in from
    // the tables
    Result rec =
        run(
            "recommend",
            "--model",
            models.toString(),
            "--users",
            users.toString(),
            "--k",
            "5",
            "--interactions",
            interactions.toString());
    assertThat(rec.exit()).as(rec.err()).isZero();
    String[] lines = rec.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = Json.mapper().readTree(lines[0]);
    assertThat(first.path("userId").asText()).isEqualTo(known);
    assertThat(first.path("source").asText()).isEqualTo("personalized");
    assertThat(first.path("items")).hasSize(5);
    for (JsonNode item : first.path("items")) {
      assertThat(bought).doesNotContain(item.path("itemId").asText());
    }
    assertThat(Json.mapper().readTree(lines[1]).path("source").asText()).isEqualTo("popular");
  }

  @Test
  void aBlendRunShipsItemKnnListsAndRecommendRanksWithThem() throws Exception {
    Path models = dir.resolve("blend-models");
    Path report = dir.resolve("blend-report.json");
    String shop = dir.resolve("shop/interactions.csv").toString();
    Result train =
        run(
            "train",
            "--interactions",
            shop,
            "--out",
            models.toString(),
            "--factors",
            "4",
            "--iterations",
            "4",
            "--model-kind",
            "blend",
            "--blend-neighbours",
            "10",
            "--report",
            report.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("blend of ALS and item-kNN")
        .contains("served: model-kind blend");

    Model model =
        ModelFiles.read(models.resolve(Files.readString(models.resolve("CURRENT")).strip()));
    assertThat(model.blend()).isPresent();
    assertThat(model.knn().perItem()).isEqualTo(10);
    assertThat(model.knn().neighbours()).hasSize(model.items().size() * 10);
    JsonNode blend = Json.mapper().readTree(report.toFile()).path("blend");
    double weight = blend.path("weight").asDouble();
    assertThat(model.blend().get().alsWeight()).isEqualTo(weight);
    // w = 1 is plain ALS, so the chosen weight is never worse than ALS on validation
    assertThat(blend.path("validation").path("blend").asDouble())
        .isGreaterThanOrEqualTo(blend.path("validation").path("als").asDouble());
    assertThat(blend.path("test").path("blend").path("ndcg@10").asDouble()).isPositive();
    assertThat(model.manifest().metrics()).containsKey("blend");

    Path users = dir.resolve("blend-users.txt");
    Files.writeString(
        users, "user_id\n" + Files.readAllLines(Path.of(shop)).get(1).split(",")[0] + "\n");
    Result rec =
        run(
            "recommend",
            "--model",
            models.toString(),
            "--users",
            users.toString(),
            "--k",
            "5",
            "--interactions",
            shop);
    assertThat(rec.exit()).as(rec.err()).isZero();
    JsonNode first = Json.mapper().readTree(rec.out().strip().split("\n")[0]);
    assertThat(first.path("source").asText()).isEqualTo("personalized");
    assertThat(first.path("items")).hasSize(5);

    // model-kind als measures no blend and ships no lists; a blend cannot skip the evaluation
    Path alsModels = dir.resolve("als-models");
    Result als =
        run(
            "train",
            "--interactions",
            shop,
            "--out",
            alsModels.toString(),
            "--factors",
            "4",
            "--iterations",
            "3",
            "--model-kind",
            "als");
    assertThat(als.exit()).as(als.err()).isZero();
    Model plain =
        ModelFiles.read(alsModels.resolve(Files.readString(alsModels.resolve("CURRENT")).strip()));
    assertThat(plain.blend()).isEmpty();
    assertThat(plain.manifest().parameters()).containsEntry("modelKind", "als");
    assertThat(
            run(
                    "train",
                    "--interactions",
                    shop,
                    "--out",
                    alsModels.toString(),
                    "--model-kind",
                    "blend",
                    "--no-eval")
                .exit())
        .isEqualTo(2);
    assertThat(run("evaluate", "--interactions", shop, "--model-kind", "mixed").exit())
        .isEqualTo(2);
  }

  @Test
  void aTunerRunWhoseSpaceHoldsOnlyWorseSettingsSavesTheDefaults() throws Exception {
    Path saved = dir.resolve("best.properties");
    Path report = dir.resolve("tune.json");
    // factors 8, a huge regularization and alpha: every sample measures worse than the defaults
    Result tune =
        run(
            "tune",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--iterations",
            "6",
            "--factors-range",
            "8:8",
            "--lambda-range",
            "300:1000",
            "--alpha-range",
            "50:100",
            "--trials",
            "3",
            "--save",
            saved.toString(),
            "--report",
            report.toString());
    assertThat(tune.exit()).as(tune.err()).isZero();
    assertThat(tune.out())
        .contains("DEFAULTS KEPT")
        .contains("pipeline")
        .contains("serves the ALS model");

    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(saved)) {
      p.load(in);
    }
    JsonNode written = Json.mapper().readTree(report.toFile());
    // the defaults: factors as auto derived them for this data, regularization 2, alpha 0.2
    assertThat(p.getProperty("factors"))
        .isEqualTo(written.path("parameters").path("factors").asText());
    assertThat(Float.parseFloat(p.getProperty("regularization"))).isEqualTo(2f);
    assertThat(Float.parseFloat(p.getProperty("alpha"))).isEqualTo(0.2f);
    JsonNode tuning = written.path("tuning");
    assertThat(tuning.path("chosen").asText()).isEqualTo("defaults");
    double defaults = tuning.path("defaults").path("validation").asDouble();
    for (JsonNode trial : tuning.path("trials")) {
      assertThat(trial.path("validation").asDouble()).isLessThanOrEqualTo(defaults);
    }
    assertThat(Integer.parseInt(p.getProperty("iterations")))
        .isEqualTo(tuning.path("defaults").path("bestIteration").asInt());

    // the saved file trains to the same validation figure as the defaults did
    Result again =
        run(
            "evaluate",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--config",
            saved.toString(),
            "--report",
            dir.resolve("again.json").toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(
            Json.mapper()
                .readTree(dir.resolve("again.json").toFile())
                .path("evaluation")
                .path("validation")
                .path("ndcg@10")
                .asDouble())
        .isEqualTo(defaults);
  }

  @Test
  void aScheduledRunTunesWithinItsBudgetAndRecordsTheChoice() throws Exception {
    Path report = dir.resolve("tuned-train.json");
    Result train =
        run(
            "train",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--out",
            dir.resolve("tuned-models").toString(),
            "--iterations",
            "4",
            "--tune-budget",
            "3s",
            "--similar-per-item",
            "0",
            "--report",
            report.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("tuning: ").contains("published");
    JsonNode r = Json.mapper().readTree(report.toFile());
    JsonNode tuning = r.path("tuning");
    assertThat(tuning.path("budget").asText()).isEqualTo("PT3S");
    assertThat(tuning.path("trials").size()).isPositive();
    JsonNode chosen =
        tuning.path("chosen").asText().equals("tuned")
            ? bestOf(tuning.path("trials"))
            : tuning.path("trials").get(0);
    assertThat(r.path("parameters").path("factors").asInt())
        .isEqualTo(chosen.path("parameters").path("factors").asInt());

    Result noEval =
        run(
            "train",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--out",
            dir.resolve("tuned-models").toString(),
            "--tune-budget",
            "3s",
            "--no-eval");
    assertThat(noEval.exit()).isEqualTo(2);
    assertThat(noEval.err()).contains("--tune-budget");
  }

  private static JsonNode bestOf(JsonNode trials) {
    JsonNode best = null;
    for (JsonNode t : trials) {
      if (best == null || t.path("validation").asDouble() > best.path("validation").asDouble()) {
        best = t;
      }
    }
    return best;
  }

  @Test
  void evaluateStatesItsProtocolAndAutoFactorsFollowTheData() throws Exception {
    Path report = dir.resolve("random.json");
    Result random =
        run(
            "evaluate",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--split",
            "random",
            "--factors",
            "auto",
            "--iterations",
            "4",
            "--report",
            report.toString());
    assertThat(random.exit()).as(random.err()).isZero();
    assertThat(random.out()).contains("protocol: random per-user split");
    JsonNode r = Json.mapper().readTree(report.toFile());
    assertThat(r.path("evaluation").path("protocol").asText()).startsWith("random");
    assertThat(r.path("parameters").path("split").asText()).isEqualTo("random");
    long users = r.path("data").path("users").asLong();
    long items = r.path("data").path("items").asLong();
    long pairs = r.path("data").path("pairs").asLong();
    assertThat(r.path("parameters").path("factors").asInt())
        .isEqualTo(dev.aisle.trainer.training.DataSizedDefaults.factors(users, items, pairs));
    assertThat(random.err()).contains("factors auto:");

    Result badSplit =
        run(
            "evaluate",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--split",
            "sideways");
    assertThat(badSplit.exit()).isEqualTo(2);
    assertThat(badSplit.err()).contains("unknown split");
    Result badRange =
        run(
            "tune",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--factors-range",
            "0:8");
    assertThat(badRange.exit()).isEqualTo(2);
    assertThat(badRange.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() throws Exception {
    Result missing =
        run("train", "--interactions", dir.resolve("nope.csv").toString(), "--out", dir.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip())
        .startsWith("aisle-trainer: no such file")
        .doesNotContain("\n");
    assertThat(metricLines(missing.out())).containsExactly("TrainerFailed");

    Result badFlag = run("train", "--factors", "many");
    assertThat(badFlag.exit()).isEqualTo(2);
    assertThat(badFlag.err().strip().lines().count()).isEqualTo(1);

    Result badSolver =
        run(
            "evaluate",
            "--interactions",
            dir.resolve("shop/interactions.csv").toString(),
            "--solver",
            "qr");
    assertThat(badSolver.exit()).isEqualTo(2);
    assertThat(badSolver.err()).contains("unknown solver");

    Result noOut = run("train", "--interactions", dir.resolve("shop/interactions.csv").toString());
    assertThat(noOut.exit()).isEqualTo(2);
    assertThat(noOut.err()).contains("--out");
  }

  /**
   * Versions and rollback on a folder: a forced worse model is current; a newer folder that lost a
   * file is not listed; rollback returns to the previous complete model, then there is none older.
   */
  @Test
  void versionsListsCompleteModelsAndRollbackReturnsToThePreviousOne() throws Exception {
    Path models = dir.resolve("history");
    String shop = dir.resolve("shop/interactions.csv").toString();
    Result good =
        run(
            "train",
            "--interactions",
            shop,
            "--out",
            models.toString(),
            "--factors",
            "8",
            "--iterations",
            "4",
            "--no-snapshot");
    assertThat(good.exit()).as(good.err()).isZero();
    String first = Files.readString(models.resolve("CURRENT")).strip();
    Result forced =
        run(
            "train",
            "--interactions",
            shop,
            "--out",
            models.toString(),
            "--factors",
            "2",
            "--iterations",
            "1",
            "--no-snapshot",
            "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    String second = Files.readString(models.resolve("CURRENT")).strip();
    assertThat(second).isNotEqualTo(first);
    // a newer version whose upload lost a file
    Path broken = models.resolve("99990101T000000Z-broken");
    copyFolder(models.resolve(second), broken);
    Files.writeString(
        broken.resolve("manifest.json"),
        Files.readString(broken.resolve("manifest.json"))
            .replace(second, "99990101T000000Z-broken"));
    Files.delete(broken.resolve(ModelFiles.ITEM_FACTORS));

    Result versions = run("versions", "--models", models.toString());
    assertThat(versions.exit()).as(versions.err()).isZero();
    List<String> lines = versions.out().strip().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("* " + second).endsWith("CURRENT");
    assertThat(lines.get(1)).startsWith("  " + first).contains("ndcg@10").doesNotContain("CURRENT");

    Result rollback = run("rollback", "--models", models.toString());
    assertThat(rollback.exit()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("from " + second + " to " + first);
    assertThat(Files.readString(models.resolve("CURRENT")).strip()).isEqualTo(first);

    Result none = run("rollback", "--models", models.toString());
    assertThat(none.exit()).isEqualTo(AisleTrainer.USAGE_ERROR);
    assertThat(none.err()).contains("no complete, verified model older than " + first);
    Result incomplete =
        run("rollback", "--models", models.toString(), "--to", "99990101T000000Z-broken");
    assertThat(incomplete.exit()).isEqualTo(AisleTrainer.USAGE_ERROR);
    assertThat(incomplete.err()).contains("not a complete model");
    assertThat(run("rollback", "--models", models.toString(), "--to", second).exit()).isZero();
    assertThat(Files.readString(models.resolve("CURRENT")).strip()).isEqualTo(second);
    assertThat(metricLines(rollback.out())).as("only training runs count").isEmpty();
  }

  @Test
  void helpListsEveryExitCode() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"train", "--help"},
            new String[] {"pipeline", "--help"})) {
      Result help = run(args);
      assertThat(help.out()).contains("Exit codes:");
      for (int code = 0; code <= 5; code++) {
        assertThat(help.out())
            .as(String.join(" ", args))
            .containsPattern("(?m)^\\s+" + code + "\\s+\\S");
      }
    }
  }

  /**
   * The names of the metrics in the embedded-metric-format lines of an output (service trainer).
   */
  private static List<String> metricLines(String out) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    for (String line : out.lines().filter(l -> l.startsWith("{\"_aws\"")).toList()) {
      JsonNode node = Json.mapper().readTree(line);
      assertThat(node.path("Service").asText()).isEqualTo("trainer");
      assertThat(node.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
          .isEqualTo("Aisle");
      node.path("_aws")
          .path("CloudWatchMetrics")
          .get(0)
          .path("Metrics")
          .forEach(m -> names.add(m.path("Name").asText()));
    }
    return names;
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  record Result(int exit, String out, String err) {}

  static synchronized Result run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = AisleTrainer.run(args);
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
