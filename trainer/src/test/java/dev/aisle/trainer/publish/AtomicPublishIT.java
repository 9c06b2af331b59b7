package dev.aisle.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.aisle.storage.CurrentModel;
import dev.aisle.storage.GatedPublisher;
import dev.aisle.storage.ModelStore;
import dev.aisle.storage.PublishGate;
import dev.aisle.storage.local.LocalStack;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Publishing against the local S3: CURRENT only ever names a complete model. */
class AtomicPublishIT {

  private static AisleSettings settings;
  private static S3Client s3;
  private static String bucket;

  @TempDir
  Path dir;

  @BeforeAll
  static void bucket() {
    settings = LocalStack.ensureUp();
    s3 = AwsClients.s3(settings);
    bucket = "aisle-publish-it-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
  }

  @AfterAll
  static void dropBucket() {
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
    }
    s3.deleteBucket(b -> b.bucket(bucket));
    s3.close();
  }

  @Test
  void aPublishThatFailsMidwayLeavesCurrentOnThePreviousCompleteModel() throws Exception {
    ModelStore store = new ModelStore(s3, bucket, "models/");
    Path v1 = write("v1", 0.20);
    new GatedPublisher(store).publish(v1, ModelFiles.read(v1).manifest(), gate(false));
    assertThat(store.currentVersion()).contains("v1");

    // v2 fails on its 4th upload (a data file), then on its manifest (the last file before CURRENT)
    Path v2 = write("v2", 0.25);
    int manifestPut = ModelFiles.read(v2).manifest().files().size() + 1;
    for (int failAt : List.of(4, manifestPut)) {
      ModelStore flaky = new ModelStore(failingOnPut(s3, failAt), bucket, "models/");
      assertThatThrownBy(() -> new GatedPublisher(flaky).publish(v2, ModelFiles.read(v2).manifest(), gate(false)))
          .isInstanceOf(SdkClientException.class);
      assertThat(store.currentVersion()).contains("v1");
    }

    // what a server loads is v1, complete: every served file matches the manifest's size and checksum
    ModelManifest manifest = store.manifest("v1");
    assertThat(manifest.files()).containsOnlyKeys(ModelFiles.read(v1).manifest().files().keySet());
    manifest.files().forEach((name, entry) -> {
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(store.key("v1", name))).asByteArray();
      assertThat(bytes.length).as(name).isEqualTo(entry.bytes());
      assertThat(ModelFiles.sha256(bytes)).as(name).isEqualTo(entry.sha256());
    });
    try (CurrentModel current = new CurrentModel(store, Duration.ofMinutes(1))) {
      Model served = current.get().orElseThrow();
      assertThat(served.version()).isEqualTo("v1");
      assertThat(served.itemFactors().data()).containsExactly(1, 0, 0.5f, 0.5f);
    }

    // once the upload goes through, CURRENT moves
    new GatedPublisher(store).publish(v2, ModelFiles.read(v2).manifest(), gate(false));
    assertThat(store.currentVersion()).contains("v2");
    assertThat(store.load("v2").popular().overall()).extracting(RankedItem::itemId).containsExactly("b", "a");
  }

  @Test
  void theGateKeepsAWorseModelOutUnlessForced() throws Exception {
    ModelStore store = new ModelStore(s3, bucket, "gated/");
    ModelRepository repository = new ModelRepository(new ModelLocation.S3(bucket, "gated/"), s3);
    assertThat(repository.publish(ModelFiles.read(write("good", 0.30)), gate(false)).published()).isTrue();

    ModelRepository.Outcome worse = repository.publish(ModelFiles.read(write("worse", 0.20)), gate(false));
    assertThat(worse.published()).isFalse();
    assertThat(worse.reason()).contains("ndcg@10 0.2000 < 0.2850");
    assertThat(store.currentVersion()).contains("good");
    assertThat(store.versions()).containsExactly("good");

    assertThat(repository.publish(ModelFiles.read(write("worse", 0.20)), gate(true)).published()).isTrue();
    assertThat(store.currentVersion()).contains("worse");
    assertThat(repository.read().version()).isEqualTo("worse");
  }

  private static PublishGate gate(boolean force) {
    return new PublishGate("ndcg@10", 0.05, force);
  }

  private Path write(String version, double ndcg) {
    ModelManifest manifest = new ModelManifest(ModelFiles.FORMAT_VERSION, version, Instant.now(), 2, 0, 0, 0,
        Map.of("factors", 2), Map.of("validation", Map.of("ndcg@10", ndcg)), Map.of("events", 3L), null);
    Model model = new Model(manifest, new IdIndex(new String[] {"a", "b"}),
        new FactorMatrix(new float[] {1, 0, 0.5f, 0.5f}, 2, 2), new String[] {"toys", "books"},
        new PopularLists(List.of(new RankedItem("b", 2), new RankedItem("a", 1)), Map.of()),
        new SimilarItems(1, new int[] {1, 0}, new float[] {0.7f, 0.7f}));
    Path folder = dir.resolve(version + "-" + UUID.randomUUID());
    ModelFiles.write(model, folder);
    return folder;
  }

  /** The real client, except that the {@code failAt}-th putObject throws (a network failure midway). */
  private static S3Client failingOnPut(S3Client real, int failAt) {
    AtomicInteger puts = new AtomicInteger();
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putObject") && puts.incrementAndGet() == failAt) {
            throw SdkClientException.create("injected failure on upload " + failAt);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
