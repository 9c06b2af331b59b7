import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.ModelStore;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.StackEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plants a random model for the serving load test on the local stack, in tables and buckets of its
 * own (names with a suffix), and prints their AISLE_* variables for the api under test.
 * Random Gaussian factors (timing only: the recommendations mean nothing).
 *
 *   java -cp CLASSPATH functions/api/bench/PlantModel.java STACK_ENV SUFFIX ITEMS USERS FACTORS
 */
public class PlantModel {

  public static void main(String[] args) throws Exception {
    AisleSettings settings = StackEnv.settings(Path.of(args[0])).withSuffix(args[1]);
    int items = Integer.parseInt(args[2]);
    int users = Integer.parseInt(args[3]);
    int factors = Integer.parseInt(args[4]);
    LocalProvisioner.ensure(settings);

    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(42);
    String[] itemIds = new String[items];
    String[] categories = new String[items];
    for (int i = 0; i < items; i++) {
      itemIds[i] = "item-" + i;
      categories[i] = "category-" + (i % 50);
    }
    String[] userIds = new String[users];
    for (int u = 0; u < users; u++) {
      userIds[u] = "user-" + u;
    }
    List<RankedItem> overall = new ArrayList<>();
    Map<String, List<RankedItem>> byCategory = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      overall.add(new RankedItem(itemIds[i], 1000 - i));
      byCategory.computeIfAbsent(categories[i], c -> new ArrayList<>()).add(new RankedItem(itemIds[i], 1000 - i));
    }
    String version = "bench-" + Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14);
    ModelManifest manifest = new ModelManifest(ModelFiles.FORMAT_VERSION, version, Instant.now(), factors, users,
        items, 0, Map.of("generator", "random-gaussian", "seed", 42), Map.of(), Map.of(), Map.of());
    // format 2 ships no shoppers: user-1 gets a user-state row solved against this model instead
    Model model = new Model(manifest, new IdIndex(itemIds),
        new FactorMatrix(gaussian(random, items * factors), items, factors), categories,
        new PopularLists(overall, byCategory), SimilarItems.none());

    Path dir = Files.createTempDirectory("aisle-bench-model-");
    ModelFiles.write(model, dir);
    try (S3Client s3 = AwsClients.s3(settings)) {
      new ModelStore(s3, settings.modelsBucket()).publish(dir, version);
    }
    ModelStore.deleteFolder(dir);
    try (var dynamo = AwsClients.dynamoDb(settings)) {
      var states = new dev.aisle.storage.UserStateStore(dynamo, settings.userStateTable());
      for (int u = 0; u < Math.min(users, 1000); u++) {
        states.put(new dev.aisle.state.UserState(userIds[u], version, Instant.now().plusSeconds(1),
            gaussian(random, factors), java.util.List.of(), java.util.List.of()));
      }
    }
    System.err.printf("planted model %s: %d items, %d users, %d factors in s3://%s (%.1f s)%n", version, items, users,
        factors, settings.modelsBucket(), (System.nanoTime() - started) / 1e9);
    settings.toProperties().forEach((key, value) -> System.out.println(
        "AISLE_" + key.substring("aisle.".length()).replace('-', '_').toUpperCase() + "=" + value));
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * 0.1);
    }
    return values;
  }
}
