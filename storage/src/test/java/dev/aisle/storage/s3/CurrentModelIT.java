package dev.aisle.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class CurrentModelIT {

  private static IsolatedStack resources;
  private static S3Client s3;
  private static ModelStore store;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    s3 = AwsClients.s3(resources.settings());
    store = new ModelStore(s3, resources.settings().modelsBucket());
  }

  @AfterAll
  static void stop() {
    s3.close();
    resources.close();
  }

  @Test
  void keepsTheLastGoodModelAndTellsListenersOfEachNewOne() throws Exception {
    List<String> changes = new CopyOnWriteArrayList<>();
    try (CurrentModel current =
        new CurrentModel(store, Duration.ofHours(1), m -> changes.add(m.version()))) {
      assertThat(current.get()).as("nothing published").isEmpty();

      publish(model("v1"), false);
      assertThat(current.loaded()).isEmpty();
      current.refresh();
      assertThat(current.get().map(Model::version)).contains("v1");

      publish(model("v2"), true);
      current.refresh();
      current.refresh();
      assertThat(current.get().map(Model::version))
          .as("a corrupt model is never served")
          .contains("v1");

      publish(model("v3"), false);
      current.refresh();
      assertThat(current.get().map(Model::version)).contains("v3");
      assertThat(changes).containsExactly("v1", "v3");
    }
  }

  @Test
  void loadedDoesNotLoad() {
    try (CurrentModel current =
        new CurrentModel(
            new ModelStore(s3, resources.settings().modelsBucket(), "other/"),
            Duration.ofHours(1))) {
      assertThat(current.loaded()).isEmpty();
    }
  }

  private static void publish(Model model, boolean corrupt) throws Exception {
    Path dir = Files.createTempDirectory("current-model-it");
    ModelFiles.write(model, dir);
    store.upload(dir, model.version());
    ModelStore.deleteFolder(dir);
    if (corrupt) {
      s3.putObject(
          b -> b.bucket(store.bucket()).key(store.key(model.version(), ModelFiles.ITEM_FACTORS)),
          RequestBody.fromBytes(new byte[8]));
    }
    store.setCurrent(model.version());
  }

  private static Model model(String version) {
    ModelManifest manifest =
        new ModelManifest(
            ModelFiles.FORMAT_VERSION,
            version,
            Instant.now(),
            2,
            1,
            1,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(new String[] {"i"}),
        new FactorMatrix(new float[] {3f, 4f}, 1, 2),
        new String[] {""},
        PopularLists.empty(),
        SimilarItems.none());
  }
}
