package dev.aisle.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.catalog.Item;
import dev.aisle.json.Json;
import dev.aisle.precompute.CdnPaths;
import dev.aisle.segment.SegmentIndex;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.SettingsFile;
import dev.aisle.trainer.data.Interaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The main job's report: what Aisle made of the shop, section by section, with real figures from
 * the running api, the trainer's report and the CDN bucket. Exits non-zero when a section cannot be
 * shown (a broken step must not look like a demo that worked). With {@code --json} it also writes
 * the same findings as a JSON document, which {@code check-report} ({@link ReportChecks}) asserts
 * on.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Print the demo report from the running local stack.")
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--shop", required = true, description = "The shop folder that was loaded.")
  Path shopDir;

  @Option(
      names = "--training-report",
      required = true,
      description = "report.json written by aisle-trainer.")
  Path trainingReport;

  @Option(names = "--stack-env", required = true, description = "infra/local/.run/stack.env")
  Path stackEnv;

  @Option(
      names = "--realtime-timeout",
      description = "Seconds to wait for a new event to show (default: ${DEFAULT-VALUE}).")
  double realtimeTimeout = 15;

  @Option(
      names = "--burst",
      description = "Requests in the latency burst (default: ${DEFAULT-VALUE}).")
  int burst = 300;

  @Option(
      names = "--load-summary",
      description = "The totals `load --summary` wrote, for the JSON report.")
  Path loadSummary;

  @Option(names = "--json", description = "Also write the report's findings as JSON to this file.")
  Path json;

  private final ObjectNode findings = Json.mapper().createObjectNode();

  private final PrintStream out = System.out;
  private Shop shop;
  private ApiClient api;
  private Map<String, String> env;

  @Override
  public Integer call() throws Exception {
    shop = Shop.read(shopDir);
    env = SettingsFile.read(stackEnv);
    api = new ApiClient(env.get("AISLE_API_URL"));
    JsonNode training = Json.mapper().readTree(trainingReport.toFile());

    dataSection(training);
    qualitySection(training);
    List<String> shoppers = shoppersSection();
    similarSection();
    newItemsSection(shoppers);
    segmentSection();
    realtimeSection(shoppers.get(0));
    latencySection();
    urlsSection(shoppers.get(0));
    if (json != null) {
      if (loadSummary != null) {
        findings.set("load", Json.mapper().readTree(loadSummary.toFile()));
      }
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), findings);
    }
    return 0;
  }

  private void header(String title) {
    out.printf("%n== %s ==%n", title);
  }

  private void dataSection(JsonNode report) {
    header("Data");
    JsonNode data = report.path("data");
    out.printf(
        Locale.ROOT,
        "  trained on %,d events from %s: %,d shoppers x %,d items, %,d shopper-item pairs%n",
        data.path("events").asLong(),
        data.path("source").asText(),
        data.path("users").asLong(),
        data.path("items").asLong(),
        data.path("pairs").asLong());
    JsonNode snapshot = report.path("snapshot");
    if ("incremental".equals(snapshot.path("mode").asText())) {
      out.printf(
          Locale.ROOT,
          "  incremental run: %,d new events folded into the training snapshot (accepted after %s;"
              + " previous snapshot %s)%n",
          snapshot.path("newEvents").asLong(),
          snapshot.path("previousCut").asText(),
          snapshot.path("previousVersion").asText());
    } else if (!snapshot.isMissingNode()) {
      out.printf(
          Locale.ROOT,
          "  full run: training snapshot built from %,d events (accepted up to %s)%n",
          snapshot.path("newEvents").asLong(),
          snapshot.path("cut").asText());
    }
    JsonNode hygiene = report.path("hygiene");
    out.printf(
        Locale.ROOT,
        "  hygiene: read %,d rows, kept %,d%n",
        hygiene.path("read").asLong(),
        hygiene.path("kept").asLong());
    findings
        .putObject("data")
        .put("events", data.path("events").asLong())
        .put("pairs", data.path("pairs").asLong())
        .put("run", snapshot.path("mode").asText("none"))
        .put("newEvents", snapshot.path("newEvents").asLong())
        .put("rowsRead", hygiene.path("read").asLong())
        .put("rowsKept", hygiene.path("kept").asLong());
    printCounts("invalid", hygiene.path("invalid"));
    printCounts("dropped", hygiene.path("dropped"));
    if (hygiene.path("outlierUsers").asLong() > 0) {
      out.printf(
          Locale.ROOT,
          "    outlier shoppers (bots) dropped: %,d (activity above %.0f events)%n",
          hygiene.path("outlierUsers").asLong(),
          hygiene.path("outlierFence").asDouble());
    }
  }

  private void printCounts(String label, JsonNode counts) {
    for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.printf(Locale.ROOT, "    %s %-28s %,d%n", label, e.getKey(), e.getValue().asLong());
    }
  }

  private void qualitySection(JsonNode report) {
    header("Model quality (temporal hold-out, test split)");
    JsonNode evaluation = report.path("evaluation");
    Map<String, Map<String, Double>> test = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = evaluation.path("test").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Map<String, Double> metrics = new LinkedHashMap<>();
      e.getValue().fields().forEachRemaining(m -> metrics.put(m.getKey(), m.getValue().asDouble()));
      test.put(e.getKey(), metrics);
    }
    if (test.isEmpty()) {
      throw new IllegalStateException("the training report has no test metrics");
    }
    out.print(dev.aisle.trainer.report.TrainingReport.table(test, 10));
    ObjectNode quality = findings.putObject("quality");
    test.forEach(
        (scorer, metrics) -> quality.put(scorer, metrics.getOrDefault("ndcg@10", Double.NaN)));
    JsonNode model = report.path("model");
    findings
        .putObject("model")
        .put("version", model.path("version").asText(""))
        .put("published", model.path("published").asBoolean(false));
    out.printf(
        "  model %s: %s (%s)%n",
        model.path("version").asText("?"),
        model.path("published").asBoolean(false) ? "published" : "not published",
        model.path("reason").asText());
  }

  /** Three shoppers with a history: their recent events and what Aisle recommends them now. */
  private List<String> shoppersSection() {
    header("Three shoppers");
    Map<String, List<Interaction>> byUser =
        shop.interactions().stream()
            .collect(
                Collectors.groupingBy(
                    Interaction::userId, LinkedHashMap::new, Collectors.toList()));
    List<String> chosen =
        byUser.entrySet().stream()
            .filter(e -> e.getValue().size() >= 8 && e.getValue().size() <= 60)
            .map(Map.Entry::getKey)
            .sorted()
            .limit(3)
            .toList();
    if (chosen.size() < 3) {
      throw new IllegalStateException("the shop has fewer than three shoppers with 8 to 60 events");
    }
    ArrayNode shown = findings.putArray("shoppers");
    for (String user : chosen) {
      List<Interaction> events = new ArrayList<>(byUser.get(user));
      events.sort(Comparator.comparingLong(Interaction::timestamp).reversed());
      out.printf("  shopper %s — %d events; most recent:%n", user, events.size());
      events.stream()
          .limit(4)
          .forEach(e -> out.printf("      %-12s %s%n", e.type().wireName(), describe(e.itemId())));
      JsonNode recs = recommendations(user, 5);
      out.printf("    recommended (source %s):%n", recs.path("source").asText());
      printItems(recs.path("items"));
      shown
          .addObject()
          .put("source", recs.path("source").asText())
          .set("items", itemIds(recs.path("items")));
    }
    return chosen;
  }

  private void similarSection() {
    header("Similar items");
    String item = mostPopularItem();
    JsonNode similar = api.get("similar", Map.of("itemId", item, "k", "5"));
    out.printf("  customers who liked %s also like:%n", describe(item));
    printItems(similar.path("items"));
    findings.putObject("similar").put("itemId", item).set("items", itemIds(similar.path("items")));
  }

  /**
   * Catalog items the model has no factors for get one place in ten of a personalized list
   * (exploration). The api builds its content index in the background at its first personalized
   * request, so this waits a little for the first flagged item.
   */
  private void newItemsSection(List<String> shoppers) throws InterruptedException {
    header("New items");
    ObjectNode newItems = findings.putObject("newItems").putNull("explorationItem");
    long deadline = System.nanoTime() + 10_000_000_000L;
    do {
      for (String user : shoppers) {
        JsonNode recs = recommendations(user, 10);
        for (JsonNode item : recs.path("items")) {
          if (item.path("exploration").asBoolean(false)) {
            out.printf(
                "  items the model has not seen yet get one place in ten of a personalized list;%n"
                    + "  shopper %s's top 10 ends with %s, like their favourites (marked \"exploration\": true)%n",
                user, describe(item.path("itemId").asText()));
            newItems.put("explorationItem", item.path("itemId").asText());
            return;
          }
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    out.println("  no catalog item new to the model is like these shoppers' favourites");
  }

  private void segmentSection() throws IOException {
    header("Anonymous visitor (CDN)");
    AisleSettings settings = SettingsFile.settings(stackEnv);
    try (S3Client s3 = AwsClients.s3(settings)) {
      SegmentIndex index =
          Json.mapper()
              .readValue(cdnObject(s3, settings, CdnPaths.SEGMENT_INDEX), SegmentIndex.class);
      Map<String, String> context =
          shop.users().isEmpty() ? Map.of() : shop.users().get(0).attributes();
      String segment = index.assign(context);
      // the lists of this index: under the prefix it names (older indexes: the flat folder)
      JsonNode list =
          Json.mapper()
              .readTree(cdnObject(s3, settings, CdnPaths.segmentIn(index.listsPrefix(), segment)));
      out.printf(
          "  %d segments published; a visitor with context %s gets segment %s (%,d shoppers):%n",
          index.segments().size(), context, segment, list.path("shoppers").asLong());
      printItems(list.path("items"));
      findings
          .putObject("segment")
          .put("segments", index.segments().size())
          .put("segment", segment)
          .put("shoppers", list.path("shoppers").asLong())
          .set("items", itemIds(list.path("items")));
      out.printf(
          "  from %s/cdn/%s%s — no api call%n",
          env.get("AISLE_WEB_URL"), CdnPaths.ROOT, CdnPaths.segment(segment));
    }
  }

  private byte[] cdnObject(S3Client s3, AisleSettings settings, String path) throws IOException {
    try (InputStream in =
            s3.getObject(b -> b.bucket(settings.cdnBucket()).key(CdnPaths.ROOT + path));
        InputStream unzipped = new GZIPInputStream(in)) {
      return unzipped.readAllBytes();
    }
  }

  /** One new event from a shopper; how long until their recommendations reflect it. */
  private void realtimeSection(String user) throws InterruptedException {
    header("Real time");
    JsonNode before = recommendations(user, 5);
    List<String> beforeIds = ids(before.path("items"));
    String item = itemOutside(user, before);
    Map<String, Object> event =
        Map.of(
            "userId",
            user,
            "itemId",
            item,
            "type",
            "purchase",
            "value",
            1,
            "eventId",
            "demo-realtime-" + System.currentTimeMillis());
    out.printf("  before (source %s): %s%n", before.path("source").asText(), beforeIds);
    long posted = System.nanoTime();
    api.post("events", Map.of("events", List.of(event)));
    long deadline = posted + (long) (realtimeTimeout * 1e9);
    JsonNode after = before;
    while (System.nanoTime() < deadline) {
      after = recommendations(user, 5);
      if ("realtime".equals(after.path("source").asText())
          && !ids(after.path("items")).equals(beforeIds)) {
        break;
      }
      Thread.sleep(25);
    }
    double seconds = (System.nanoTime() - posted) / 1e9;
    if (!"realtime".equals(after.path("source").asText())) {
      throw new IllegalStateException(
          "the purchase did not reach "
              + user
              + "'s recommendations within "
              + realtimeTimeout
              + " s (is the stream updater running? infra/local/stack.sh status)");
    }
    out.printf(Locale.ROOT, "  %s bought %s%n", user, describe(item));
    out.printf(
        Locale.ROOT,
        "  after  (source %s, %.0f ms after the POST): %s%n",
        after.path("source").asText(),
        seconds * 1000,
        ids(after.path("items")));
    printItems(after.path("items"));
    findings
        .putObject("realtime")
        .put("source", after.path("source").asText())
        .put("delayMs", Math.round(seconds * 1000))
        .set("items", itemIds(after.path("items")));
  }

  private void latencySection() {
    header("Latency");
    List<String> users =
        shop.interactions().stream().map(Interaction::userId).distinct().sorted().toList();
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      recommendations(users.get(random.nextInt(users.size())), 10);
    }
    long[] nanos = new long[burst];
    int errors = 0;
    for (int i = 0; i < burst; i++) {
      long start = System.nanoTime();
      try {
        recommendations(users.get(random.nextInt(users.size())), 10);
      } catch (RuntimeException e) {
        errors++;
      }
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    out.printf(
        Locale.ROOT,
        "  %d GET /recommendations (k=10, random shoppers, one client): p50 %.1f ms, p95 %.1f ms, "
            + "p99 %.1f ms, max %.1f ms, %d errors%n",
        burst,
        nanos[burst / 2] / 1e6,
        nanos[(int) (burst * 0.95)] / 1e6,
        nanos[(int) (burst * 0.99)] / 1e6,
        nanos[burst - 1] / 1e6,
        errors);
    findings
        .putObject("latency")
        .put("requests", burst)
        .put("errors", errors)
        .put("p50Ms", nanos[burst / 2] / 1e6)
        .put("p95Ms", nanos[(int) (burst * 0.95)] / 1e6)
        .put("p99Ms", nanos[(int) (burst * 0.99)] / 1e6)
        .put("maxMs", nanos[burst - 1] / 1e6);
    if (errors > 0) {
      throw new IllegalStateException(errors + " of " + burst + " requests failed");
    }
  }

  private void urlsSection(String exampleShopper) {
    header("Where things are");
    String web = env.get("AISLE_WEB_URL");
    out.printf(
        "  api           %s   (e.g. %s/recommendations?userId=%s&k=10)%n",
        env.get("AISLE_API_URL"), env.get("AISLE_API_URL"), exampleShopper);
    out.printf("  demo page     %s/%n", web);
    out.printf(
        "  CDN files     %s/cdn/%s%s  (S3 bucket %s at %s)%n",
        web,
        CdnPaths.ROOT,
        CdnPaths.POPULAR,
        env.get("AISLE_CDN_BUCKET"),
        env.get("AISLE_S3_ENDPOINT"));
    out.printf("  models        s3://%s/models/CURRENT%n", env.get("AISLE_MODELS_BUCKET"));
    out.println("  stop          infra/local/demo.sh --stop");
    findings
        .putObject("urls")
        .put("api", env.get("AISLE_API_URL"))
        .put("web", web)
        .put("stop", "infra/local/demo.sh --stop");
  }

  private JsonNode recommendations(String user, int k) {
    return api.get("recommendations", Map.of("userId", user, "k", Integer.toString(k)));
  }

  private void printItems(JsonNode items) {
    if (items.isEmpty()) {
      out.println("      (none)");
    }
    int rank = 1;
    for (JsonNode item : items) {
      out.printf(
          Locale.ROOT,
          "    %2d. %-52s %.3f%n",
          rank++,
          describe(item.path("itemId").asText()),
          item.path("score").asDouble());
    }
  }

  private String describe(String itemId) {
    Item item = shop.catalog().get(itemId);
    return item == null ? itemId : itemId + " " + item.title() + " [" + item.category() + "]";
  }

  /** {@link #ids} as a JSON array, for the findings document. */
  private static ArrayNode itemIds(JsonNode items) {
    return Json.mapper().valueToTree(ids(items));
  }

  private static List<String> ids(JsonNode items) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(i.path("itemId").asText()));
    return ids;
  }

  private String mostPopularItem() {
    return shop.interactions().stream()
        .collect(Collectors.groupingBy(Interaction::itemId, Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .orElseThrow()
        .getKey();
  }

  /**
   * A popular, available item from a category that neither the shopper's history nor their list
   * shows.
   */
  private String itemOutside(String user, JsonNode recommended) {
    Map<String, Item> catalog = shop.catalog();
    Function<String, String> category =
        id -> catalog.containsKey(id) ? catalog.get(id).category() : "";
    java.util.Set<String> familiar = new java.util.HashSet<>();
    shop.interactions().stream()
        .filter(i -> i.userId().equals(user))
        .forEach(i -> familiar.add(category.apply(i.itemId())));
    recommended.path("items").forEach(i -> familiar.add(category.apply(i.path("itemId").asText())));
    Map<String, Long> popularity = new HashMap<>();
    shop.interactions().forEach(i -> popularity.merge(i.itemId(), 1L, Long::sum));
    return popularity.entrySet().stream()
        .filter(e -> catalog.containsKey(e.getKey()) && catalog.get(e.getKey()).available())
        .filter(e -> !familiar.contains(category.apply(e.getKey())))
        .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .or(() -> popularity.entrySet().stream().max(Map.Entry.comparingByValue()))
        .orElseThrow()
        .getKey();
  }
}
