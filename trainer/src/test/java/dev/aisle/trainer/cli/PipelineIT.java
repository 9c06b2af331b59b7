package dev.aisle.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.TableDefinitions;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.local.StackEnv;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.publish.Settings;
import dev.aisle.trainer.synthetic.ShopConfig;
import dev.aisle.trainer.synthetic.ShopGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The scheduled task as it runs in its container: the packaged jar, settings from AISLE_*
 * variables, events, items and users from their tables, the model to the models bucket and the CDN
 * JSON to the CDN bucket, all on the local stack under isolated names; run again, it folds only the
 * events accepted since its snapshot's cut and starts ALS from the published model.
 */
class PipelineIT {

  private static AisleSettings settings;
  private static DynamoDbClient dynamo;
  private static S3Client s3;

  @TempDir Path dir;

  @BeforeAll
  static void stores() {
    settings =
        LocalStack.ensureUp()
            .withSuffix("-pipeline-it-" + UUID.randomUUID().toString().substring(0, 8));
    dynamo = AwsClients.dynamoDb(settings);
    s3 = AwsClients.s3(settings);
    TableDefinitions.all(settings)
        .forEach(
            t -> {
              dynamo.createTable(t);
              dynamo.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            });
    s3.createBucket(b -> b.bucket(settings.modelsBucket()));
    s3.createBucket(b -> b.bucket(settings.cdnBucket()));

    ShopGenerator.Shop shop =
        new ShopGenerator(
                new ShopConfig(
                    300,
                    80,
                    6,
                    4,
                    15,
                    Duration.ofDays(20),
                    Instant.now().minusSeconds(3600),
                    0.05,
                    0.0,
                    11))
            .generate();
    List<Map<String, AttributeValue>> events = new ArrayList<>();
    int n = 0;
    for (Interaction i : shop.interactions()) {
      Event e =
          new Event(
              "e" + n++,
              i.userId(),
              i.itemId(),
              i.type(),
              i.hasValue() ? i.value() : null,
              Instant.ofEpochMilli(i.timestamp()),
              null,
              Map.of());
      events.add(EventRecords.toItem(e, 0));
    }
    BatchWriter.putAll(dynamo, settings.eventsTable(), events);
    new ItemStore(dynamo, settings.itemsTable()).putAll(shop.items());
    new UserStore(dynamo, settings.usersTable()).putAll(shop.users());
  }

  @AfterAll
  static void drop() {
    TableDefinitions.all(settings)
        .forEach(t -> dynamo.deleteTable(b -> b.tableName(t.tableName())));
    for (String bucket : List.of(settings.modelsBucket(), settings.cdnBucket())) {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
      }
      s3.deleteBucket(b -> b.bucket(bucket));
    }
    dynamo.close();
    s3.close();
  }

  @Test
  void trainsFromTheTablesPublishesTheModelAndRefreshesTheCdn() throws Exception {
    Path report = dir.resolve("report.json");
    String out = pipeline(report);
    assertThat(out).contains("published");

    ModelStore store = new ModelStore(s3, settings.modelsBucket());
    String version = store.currentVersion().orElseThrow();
    Model model = store.load(version);
    assertThat(model.manifest().users()).isGreaterThan(250);
    assertThat(model.factors()).isEqualTo(16);
    assertThat(model.itemCategories()).contains("shoes");

    JsonNode r = Json.mapper().readTree(report.toFile());
    assertThat(r.path("data").path("source").asText())
        .isEqualTo("events-table:" + settings.eventsTable());
    assertThat(r.path("snapshot").path("mode").asText()).isEqualTo("full");
    assertThat(r.path("model").path("published").asBoolean()).isTrue();
    assertThat(r.path("cdn").path("documents").asInt()).isPositive();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket()).prefix("v1/popular")).contents())
        .isNotEmpty();
    assertThat(
            s3.listObjectsV2(b -> b.bucket(settings.modelsBucket()).prefix("snapshots/CURRENT"))
                .contents())
        .hasSize(1);

    // events accepted after that run's cut: the next run reads only them and folds them in
    List<Event> later = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      later.add(
          new Event(
              "later-" + n,
              "u" + (n % 20),
              "p" + (1 + n % 30),
              EventType.CLICK,
              null,
              Instant.now().minusSeconds(60),
              null,
              Map.of()));
    }
    try (EventStore events =
        new EventStore(
            dynamo, settings.eventsTable(), EventStore.Deduplication.READ_BEFORE_WRITE, 2, null)) {
      events.putNew(later, Instant.now());
    }
    Path second = dir.resolve("second.json");
    // whether 40 more clicks make a model the gate lets through is up to the data: published (0)
    // or gated (4), the run folds and warm-starts the same way, which is what this checks
    pipeline(second, List.of(0, AisleTrainer.GATED), "--lag", "0s");
    JsonNode again = Json.mapper().readTree(second.toFile());
    assertThat(again.path("snapshot").path("mode").asText()).isEqualTo("incremental");
    assertThat(again.path("snapshot").path("newEvents").asLong()).isEqualTo(40);
    assertThat(again.path("snapshot").path("rowsRead").asLong()).isEqualTo(40);
    assertThat(again.path("data").path("events").asLong())
        .isEqualTo(r.path("data").path("events").asLong() + 40);
    assertThat(again.path("final").path("warmStart").asText()).isEqualTo(version);
  }

  private String bucket() {
    return settings.cdnBucket();
  }

  /** The packaged jar as the container runs it; returns its output. */
  private String pipeline(Path report, String... extra) throws Exception {
    return pipeline(report, List.of(0), extra);
  }

  /** As above, accepting any of {@code exitCodes}. */
  private String pipeline(Path report, List<Integer> exitCodes, String... extra) throws Exception {
    Path root = LocalStack.repositoryRoot();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the local stack's endpoints, as trainer/aisle-trainer passes them; the isolated
                // tables and buckets below win over the file
                "-D" + Settings.FILE_PROPERTY + "=" + root.resolve(StackEnv.RELATIVE_PATH),
                "-jar",
                root.resolve("trainer/target/aisle-trainer.jar").toString(),
                "pipeline",
                "--factors",
                "16",
                "--iterations",
                "5",
                "--report",
                report.toString()));
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
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log);
    assertThat(p.exitValue()).as(out).isIn(exitCodes);
    return out;
  }
}
