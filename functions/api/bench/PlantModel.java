import dev.aisle.ann.ApproximateTopK;
import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.bench.AlsLikeFactors;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelCatalog;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Provisioner;
import dev.aisle.storage.SettingsFile;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.s3.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plants a model for the serving benchmarks on the local stack, in tables and buckets of its own
 * (names with a suffix), and prints their AISLE_* variables for the api under test.
 *
 * <p>Item factors shaped like implicit ALS output ({@code AlsLikeFactors}: topic clusters, heavy-
 * tailed norms), 20 similar items per item (random: their memory is what counts), the item graph
 * when the catalog is at or above ITEM_GRAPH_MIN (the trainer's rule, 50,000; the environment's
 * BENCH_GRAPH_MIN_ITEMS overrides it), the manifest's shopper count
 * USERS (a count only: format 2 ships no shopper data), and user-state rows for SAMPLE shoppers
 * (user-0 …) with vectors solved against this model. The model folder is kept in CACHE_DIR and
 * reused while the sizes are the same (the graph at 1 M items takes minutes to build); the
 * shopper count lives in the manifest only, so models for 1 M and 10 M shoppers share the files.
 *
 * <p>Prints to stderr: build times, the graph's size, and recall@10 of the graph search against the
 * exact scan over QUERIES random shoppers at several beams, with µs per query on one thread.
 *
 *   java -cp CLASSPATH functions/api/bench/PlantModel.java STACK_ENV SUFFIX ITEMS USERS FACTORS SAMPLE CACHE_DIR
 */
public class PlantModel {

  static final int SIMILAR_PER_ITEM = 20;
  /** The trainer's rule; BENCH_GRAPH_MIN_ITEMS overrides it (e.g. a model without graph for the cold start alone). */
  static final int ITEM_GRAPH_MIN = Integer.parseInt(System.getenv().getOrDefault("BENCH_GRAPH_MIN_ITEMS", "50000"));
  static final int QUERIES = 1000;
  static final int[] BEAMS = {50, 100, 200};

  public static void main(String[] args) throws Exception {
    AisleSettings settings = SettingsFile.settings(Path.of(args[0])).withSuffix(args[1]);
    int items = Integer.parseInt(args[2]);
    int users = Integer.parseInt(args[3]);
    int factors = Integer.parseInt(args[4]);
    int sample = Integer.parseInt(args[5]);
    Path cache = Path.of(args[6]).resolve("model-" + items + "-" + factors + (items >= ITEM_GRAPH_MIN ? "" : "-nograph"));
    Provisioner.ensure(settings);

    long started = System.nanoTime();
    AlsLikeFactors shape = new AlsLikeFactors(factors, 256, 7);
    Model model = cachedOrBuilt(cache, items, factors, shape);
    String version = "bench-" + users + "-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14);
    // the same item files under a manifest naming this version and shopper count
    Path dir = Files.createTempDirectory("aisle-bench-model-");
    ModelManifest m = model.manifest();
    ModelFiles.write(new Model(new ModelManifest(m.formatVersion(), version, Instant.now(), m.factors(), users,
        m.items(), m.similarPerItem(), m.parameters(), m.metrics(), m.counts(), Map.of()), model.items(),
        model.itemFactors(), model.itemCategories(), model.itemGramian(), model.popular(), model.similar(),
        model.graph(), ModelCatalog.none()), dir);
    try (S3Client s3 = AwsClients.s3(settings)) {
      new ModelStore(s3, settings.modelsBucket()).publish(dir, version);
    }
    ModelStore.deleteFolder(dir);

    SplittableRandom random = new SplittableRandom(13);
    float[][] shoppers = new float[Math.max(sample, QUERIES)][];
    for (int u = 0; u < shoppers.length; u++) {
      shoppers[u] = shape.shopper(random);
    }
    try (var dynamo = AwsClients.dynamoDb(settings)) {
      var states = new UserStateStore(dynamo, settings.userStateTable());
      for (int u = 0; u < sample; u++) {
        states.put(new UserState("user-" + u, version, Instant.now().plusSeconds(1), shoppers[u], List.of(),
            List.of()));
      }
    }
    System.err.printf("planted model %s: %d items, %d shoppers (%d with user-state rows), %d factors in s3://%s "
        + "(%.1f s)%n", version, items, users, sample, factors, settings.modelsBucket(),
        (System.nanoTime() - started) / 1e9);
    if (model.graph() != null) {
      recall(model, shoppers);
    }
    settings.toProperties().forEach((key, value) -> System.out.println(
        "AISLE_" + key.substring("aisle.".length()).replace('-', '_').toUpperCase() + "=" + value));
  }

  private static Model cachedOrBuilt(Path cache, int items, int factors, AlsLikeFactors shape) throws Exception {
    if (Files.exists(cache.resolve(ModelFiles.MANIFEST))) {
      System.err.printf("reusing the model files in %s%n", cache);
      return ModelFiles.read(cache);
    }
    String[] itemIds = new String[items];
    String[] categories = new String[items];
    for (int i = 0; i < items; i++) {
      itemIds[i] = "item-" + i;
      categories[i] = "category-" + (i % 50);
    }
    List<RankedItem> overall = new ArrayList<>();
    Map<String, List<RankedItem>> byCategory = new HashMap<>();
    for (int i = 0; i < Math.min(items, 200); i++) {
      overall.add(new RankedItem(itemIds[i], 1000 - i));
      byCategory.computeIfAbsent(categories[i], c -> new ArrayList<>()).add(new RankedItem(itemIds[i], 1000 - i));
    }
    FactorMatrix itemFactors = shape.items(items, 11);
    SplittableRandom random = new SplittableRandom(42);
    int[] neighbours = new int[items * SIMILAR_PER_ITEM];
    float[] scores = new float[items * SIMILAR_PER_ITEM];
    for (int i = 0; i < neighbours.length; i++) {
      neighbours[i] = random.nextInt(items);
      scores[i] = 1f - (i % SIMILAR_PER_ITEM) * 0.01f;
    }
    ItemGraph graph = null;
    if (items >= ITEM_GRAPH_MIN) {
      long start = System.nanoTime();
      int threads = Runtime.getRuntime().availableProcessors();
      graph = ItemGraphBuilder.build(itemFactors, ItemGraphBuilder.Geometry.INNER_PRODUCT,
          ItemGraphBuilder.Settings.defaults(threads));
      System.err.printf("item graph: %d items, %d threads, built in %.1f s, %.1f MB, %d levels%n", items, threads,
          (System.nanoTime() - start) / 1e9, graph.bytes() / 1e6, graph.levels());
    }
    ModelManifest manifest = new ModelManifest(ModelFiles.FORMAT_VERSION, "bench-files", Instant.now(), factors, 0,
        items, SIMILAR_PER_ITEM, Map.of("generator", "als-like", "seed", 11), Map.of(), Map.of(), Map.of());
    Model model = new Model(manifest, new IdIndex(itemIds), itemFactors, categories, null,
        new PopularLists(overall, byCategory), new SimilarItems(SIMILAR_PER_ITEM, neighbours, scores), graph, null);
    ModelFiles.write(model, cache);
    return model;
  }

  /** recall@10 of the graph search against the exact scan, and µs per query of both on one thread. */
  private static void recall(Model model, float[][] shoppers) {
    TopKScorer exact = new TopKScorer(model.itemFactors());
    ScoredRows[] truth = IntStream.range(0, QUERIES).parallel()
        .mapToObj(q -> exact.top(shoppers[q], 10, Candidates.ALL)).toArray(ScoredRows[]::new);
    long start = System.nanoTime();
    for (int q = 0; q < 100; q++) {
      exact.top(shoppers[q], 10, Candidates.ALL);
    }
    double exactMicros = (System.nanoTime() - start) / 1e3 / 100;
    for (int ef : BEAMS) {
      ApproximateTopK approximate = new ApproximateTopK(model.graph(), model.itemFactors(), ef);
      for (int q = 0; q < QUERIES; q++) {
        approximate.top(shoppers[q], 10, Candidates.ALL, Long.MAX_VALUE); // warm-up
      }
      long found = 0;
      start = System.nanoTime();
      for (int q = 0; q < QUERIES; q++) {
        int[] rows = approximate.top(shoppers[q], 10, Candidates.ALL, Long.MAX_VALUE).rows();
        for (int row : truth[q].rows()) {
          for (int r : rows) {
            found += r == row ? 1 : 0;
          }
        }
      }
      double micros = (System.nanoTime() - start) / 1e3 / QUERIES;
      System.err.printf("recall@10 graph vs exact over %d random shoppers: ef %d recall %.4f  %.0f µs/query "
          + "(exact scan %.0f µs/query, one thread)%n", QUERIES, ef, found / (10.0 * QUERIES), micros, exactMicros);
    }
  }
}
