package dev.aisle.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.als.FoldIn;
import dev.aisle.event.Event;
import dev.aisle.json.Json;
import dev.aisle.metrics.RankingMetrics;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.local.StackEnv;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.trainer.cli.AisleTrainer;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.ModelRepository;
import dev.aisle.trainer.publish.Settings;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopFiles;
import dev.aisle.trainer.synthetic.ShopGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Spark job as the schedule runs it, in Spark local[2] against the local stack: settings from
 * AISLE_* variables only, events, items and users from their tables (isolated names), the model to
 * the models bucket behind the gate, CDN JSON after it. The published model is the served one
 * (CURRENT, read back with the model reader serving uses, {@code engine: spark}), and it ranks
 * later events as well as the single-node trainer's model of the same events and settings: NDCG@10
 * of each model's served recommendations (the shopper's vector folded in from their events, as
 * serving does) on the events after the training cut, within 2 %.
 */
class SparkPipelineIT {

  private static final List<String> SETTINGS =
      List.of("--factors", "16", "--iterations", "10", "--parts", "8", "--no-eval");
  private static final Instant END =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));

  /** Training sees events up to the cut; later ones are the hold-out. */
  private static final Instant CUT = END.minus(Duration.ofDays(4));

  private static AisleSettings settings;
  private static DynamoDbClient dynamo;
  private static S3Client s3;
  private static final Map<String, List<Interaction>> before = new TreeMap<>();
  private static final Map<String, Set<String>> after = new TreeMap<>();

  @TempDir static Path dir;

  @BeforeAll
  static void shop() throws Exception {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-spark-it-" + UUID.randomUUID().toString().substring(0, 8));
    dynamo = AwsClients.dynamoDb(settings);
    s3 = AwsClients.s3(settings);
    TableDefinitions.all(settings)
        .forEach(
            t -> {
              dynamo.createTable(t);
              dynamo.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            });
    s3.createBucket(b -> b.bucket(settings.modelsBucket()));

    // the demo shop's shape, smaller: taste clusters, power-law popularity, sessions, crawlers
    ShopGenerator.Shop shop =
        new ShopGenerator(
                new ShopConfig(1500, 300, 8, 4, 20, Duration.ofDays(30), END, 0.05, 0.002, 7))
            .generate();
    List<Map<String, AttributeValue>> events = new ArrayList<>();
    try (ShopFiles files =
        new ShopFiles(
            dir.resolve("interactions.csv"),
            dir.resolve("catalog.csv"),
            dir.resolve("users.csv"))) {
      shop.items().forEach(files::item);
      shop.users().forEach(files::user);
      int n = 0;
      for (Interaction i : shop.interactions()) {
        if (Instant.ofEpochMilli(i.timestamp()).isAfter(CUT)) {
          after.computeIfAbsent(i.userId(), u -> new HashSet<>()).add(i.itemId());
          continue;
        }
        before.computeIfAbsent(i.userId(), u -> new ArrayList<>()).add(i);
        files.interaction(i);
        events.add(
            EventRecords.toItem(
                new Event(
                    "e" + n++,
                    i.userId(),
                    i.itemId(),
                    i.type(),
                    i.hasValue() ? i.value() : null,
                    Instant.ofEpochMilli(i.timestamp()),
                    null,
                    Map.of()),
                0));
      }
    }
    BatchWriter.putAll(dynamo, settings.eventsTable(), events);
    new ItemStore(dynamo, settings.itemsTable()).putAll(shop.items());
    new UserStore(dynamo, settings.usersTable()).putAll(shop.users());
  }

  @AfterAll
  static void drop() {
    TableDefinitions.all(settings)
        .forEach(t -> dynamo.deleteTable(b -> b.tableName(t.tableName())));
    for (S3Object o :
        s3.listObjectsV2Paginator(b -> b.bucket(settings.modelsBucket())).contents()) {
      s3.deleteObject(b -> b.bucket(settings.modelsBucket()).key(o.key()));
    }
    s3.deleteBucket(b -> b.bucket(settings.modelsBucket()));
    dynamo.close();
    s3.close();
  }

  @Test
  void thePipelineOnSparkPublishesTheServedModelAndRanksLikeTheSingleNodeTrainer()
      throws Exception {
    Path report = dir.resolve("report.json");
    Path cdn = dir.resolve("cdn");
    String out = sparkPipeline("--report", report.toString(), "--cdn-out", cdn.toString());
    assertThat(out).contains("published").contains("(spark)");

    ModelStore store = new ModelStore(s3, settings.modelsBucket());
    String version = store.currentVersion().orElseThrow();
    Model spark = store.load(version);
    assertThat(spark.manifest().engine()).isEqualTo(ModelManifest.SPARK);
    assertThat(spark.factors()).isEqualTo(16);
    JsonNode r = Json.mapper().readTree(report.toFile());
    assertThat(r.path("model").path("version").asText()).isEqualTo(version);
    assertThat(r.path("snapshot").path("mode").asText()).isEqualTo("full");
    assertThat(
            s3.listObjectsV2(b -> b.bucket(settings.modelsBucket()).prefix("snapshots/CURRENT"))
                .contents())
        .hasSize(1);
    try (var files = Files.walk(cdn)) {
      assertThat(files.filter(f -> f.toString().contains("popular")).count()).isPositive();
    }

    // the single-node trainer on the same events (the file the table was filled from), same cut and
    // settings
    Path singleDir = dir.resolve("single-node");
    List<String> single =
        new ArrayList<>(
            List.of(
                "train",
                "--interactions",
                dir.resolve("interactions.csv").toString(),
                "--catalog",
                dir.resolve("catalog.csv").toString(),
                "--out",
                singleDir.toString(),
                "--cutoff",
                CUT.toString()));
    single.addAll(SETTINGS);
    assertThat(AisleTrainer.run(single.toArray(String[]::new))).isZero();
    Model singleNode;
    try (ModelRepository repository =
        new ModelRepository(ModelLocation.parse(singleDir.toString()))) {
      singleNode = repository.read();
    }
    assertThat(singleNode.manifest().engine()).isEqualTo(ModelManifest.SINGLE_NODE);
    assertThat(spark.manifest().users())
        .isEqualTo(singleNode.manifest().users())
        .isGreaterThan(1000);
    assertThat(spark.items().size()).isEqualTo(singleNode.items().size());
    assertThat(spark.manifest().counts().get("pairs"))
        .isEqualTo(singleNode.manifest().counts().get("pairs"));

    double sparkNdcg = servedNdcg(spark);
    double singleNdcg = servedNdcg(singleNode);
    System.out.printf(
        "NDCG@10 on the events after the cut: spark %.4f, single-node %.4f%n",
        sparkNdcg, singleNdcg);
    assertThat(singleNdcg).as("the single-node model learns something").isGreaterThan(0.05);
    assertThat(sparkNdcg).isBetween(singleNdcg * 0.98, singleNdcg * 1.02);
  }

  /**
   * Mean NDCG@10 over shoppers with new items after the cut: each shopper's vector folded in from
   * their events up to the cut (as serving folds it in), items they had touched left out.
   */
  private static double servedNdcg(Model model) {
    FoldIn foldIn = FoldIn.of(model);
    float[] y = model.itemFactors().data();
    int k = model.factors();
    int n = model.items().size();
    double sum = 0;
    int users = 0;
    for (Map.Entry<String, Set<String>> e : after.entrySet()) {
      List<Interaction> seen = before.get(e.getKey());
      if (seen == null) {
        continue;
      }
      Set<Integer> seenRows = new HashSet<>();
      List<UserState.RecentEvent> events = new ArrayList<>();
      for (Interaction i : seen) {
        seenRows.add(model.items().rowOf(i.itemId()));
        events.add(
            new UserState.RecentEvent(
                null, i.itemId(), i.type(), i.boxedValue(), Instant.ofEpochMilli(i.timestamp())));
      }
      int[] relevant =
          e.getValue().stream()
              .mapToInt(model.items()::rowOf)
              .filter(row -> row >= 0 && !seenRows.contains(row))
              .sorted()
              .toArray();
      float[] x = foldIn.fold(events, CUT).vector();
      if (relevant.length == 0 || x.length == 0) {
        continue;
      }
      sum += RankingMetrics.ndcg(top10(x, y, k, n, seenRows), relevant, 10);
      users++;
    }
    assertThat(users).isGreaterThan(100);
    return sum / users;
  }

  private static int[] top10(float[] x, float[] y, int k, int n, Set<Integer> exclude) {
    Integer[] rows = new Integer[n];
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      for (int f = 0; f < k; f++) {
        score[i] += x[f] * y[i * k + f];
      }
      if (exclude.contains(i)) {
        score[i] = Double.NEGATIVE_INFINITY;
      }
    }
    Arrays.sort(rows, (a, b) -> Double.compare(score[b], score[a]));
    return Arrays.stream(rows).limit(10).mapToInt(Integer::intValue).toArray();
  }

  /**
   * The job as the schedule runs it: its own JVM, settings from AISLE_* variables; returns its
   * output.
   */
  private static String sparkPipeline(String... extra) throws Exception {
    Path root = LocalStack.repositoryRoot();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m"));
    command.addAll(Arrays.asList(System.getProperty("spark.jvm.flags").trim().split("\\s+")));
    command.addAll(
        List.of(
            // the local stack's endpoints, as trainer/aisle-trainer-spark passes them; the isolated
            // tables and buckets below win over the file
            "-D" + Settings.FILE_PROPERTY + "=" + root.resolve(StackEnv.RELATIVE_PATH),
            "-cp",
            System.getProperty("java.class.path"),
            SparkTrainer.class.getName(),
            "pipeline",
            "--cutoff",
            CUT.toString()));
    command.addAll(SETTINGS);
    command.addAll(List.of(extra));
    Path log = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("AISLE_EVENTS_TABLE", settings.eventsTable());
    env.put("AISLE_ITEMS_TABLE", settings.itemsTable());
    env.put("AISLE_USERS_TABLE", settings.usersTable());
    env.put("AISLE_MODELS_BUCKET", settings.modelsBucket());
    env.put("AISLE_CDN_BUCKET", settings.cdnBucket());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    // generous: a loaded CI machine slows Spark's many small tasks far more than the single-node
    // trainer
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "the Spark pipeline did not finish in 10 minutes:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isZero();
    out.lines()
        .filter(line -> line.startsWith("stage ") || line.startsWith("spark:"))
        .forEach(System.out::println);
    return out;
  }
}
