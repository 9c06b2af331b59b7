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
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.s3.CurrentModel;
import dev.aisle.storage.s3.CurrentMovedException;
import dev.aisle.storage.s3.GatedRelease;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.storage.s3.ReleaseGate;
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
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Publishing against the local S3: CURRENT only ever names a complete model. */
class AtomicPublishIT {

  private static AisleSettings settings;
  private static S3Client s3;
  private static String bucket;

  @TempDir Path dir;

  private final Map<String, ModelManifest> written = new java.util.HashMap<>();

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
    new GatedRelease(store).release(v1, ModelFiles.read(v1).manifest(), gate(false));
    assertThat(store.currentVersion()).contains("v1");

    // v2 fails on its 4th upload (a data file), then on its manifest (the last file before CURRENT)
    Path v2 = write("v2", 0.25);
    int manifestPut = ModelFiles.read(v2).manifest().files().size() + 1;
    for (int failAt : List.of(4, manifestPut)) {
      ModelStore flaky = new ModelStore(failingOnPut(s3, failAt), bucket, "models/");
      assertThatThrownBy(
              () ->
                  new GatedRelease(flaky).release(v2, ModelFiles.read(v2).manifest(), gate(false)))
          .isInstanceOf(SdkClientException.class);
      assertThat(store.currentVersion()).contains("v1");
    }

    // what a server loads is v1, complete: every served file matches the manifest's size and
    // checksum
    ModelManifest manifest = store.manifest("v1");
    assertThat(manifest.files()).containsOnlyKeys(ModelFiles.read(v1).manifest().files().keySet());
    manifest
        .files()
        .forEach(
            (name, entry) -> {
              byte[] bytes =
                  s3.getObjectAsBytes(b -> b.bucket(bucket).key(store.key("v1", name)))
                      .asByteArray();
              assertThat(bytes.length).as(name).isEqualTo(entry.bytes());
              assertThat(ModelFiles.sha256(bytes)).as(name).isEqualTo(entry.sha256());
            });
    try (CurrentModel current = new CurrentModel(store, Duration.ofMinutes(1))) {
      Model served = current.get().orElseThrow();
      assertThat(served.version()).isEqualTo("v1");
      assertThat(served.itemFactors().data()).containsExactly(1, 0, 0.5f, 0.5f);
    }

    // once the upload goes through, CURRENT moves
    new GatedRelease(store).release(v2, ModelFiles.read(v2).manifest(), gate(false));
    assertThat(store.currentVersion()).contains("v2");
    assertThat(store.load("v2").popular().overall())
        .extracting(RankedItem::itemId)
        .containsExactly("b", "a");
  }

  @Test
  void theGateKeepsAWorseModelOutUnlessForced() throws Exception {
    ModelStore store = new ModelStore(s3, bucket, "gated/");
    ModelRepository repository = new ModelRepository(new ModelLocation.S3(bucket, "gated/"), s3);
    assertThat(repository.publish(ModelFiles.read(write("good", 0.30)), gate(false)).published())
        .isTrue();

    ModelRepository.Outcome worse =
        repository.publish(ModelFiles.read(write("worse", 0.20)), gate(false));
    assertThat(worse.published()).isFalse();
    assertThat(worse.reason()).contains("ndcg@10 0.2000 < 0.2850");
    assertThat(store.currentVersion()).contains("good");
    assertThat(store.versions()).containsExactly("good");

    assertThat(repository.publish(ModelFiles.read(write("worse", 0.20)), gate(true)).published())
        .isTrue();
    assertThat(store.currentVersion()).contains("worse");
    assertThat(repository.read().version()).isEqualTo("worse");
  }

  /**
   * CURRENT names a model whose manifest cannot be read for now (the S3 client fails that GET, as a
   * network blip would): the gate fails closed, the new model stays out, CURRENT is untouched.
   */
  @Test
  void aCurrentManifestThatCannotBeReadKeepsTheNewModelOut() throws Exception {
    ModelStore store = new ModelStore(s3, bucket, "blind/");
    new GatedRelease(store).release(write("good", 0.30), manifestOf("good"), gate(false));

    ModelStore blind = new ModelStore(failingManifestReads(s3), bucket, "blind/");
    Path worse = write("worse", 0.01);
    ReleaseGate.Decision decision =
        new GatedRelease(blind).release(worse, ModelFiles.read(worse).manifest(), gate(false));
    assertThat(decision.publish()).isFalse();
    assertThat(decision.reason()).contains("good cannot be read").contains("injected");
    assertThat(store.currentVersion()).contains("good");
    assertThat(store.versions()).containsExactly("good");

    // a corrupt manifest is refused the same way, through the trainer's repository
    s3.putObject(
        b -> b.bucket(bucket).key(store.key("good", ModelFiles.MANIFEST)),
        software.amazon.awssdk.core.sync.RequestBody.fromString("{not json"));
    ModelRepository.Outcome outcome =
        new ModelRepository(new ModelLocation.S3(bucket, "blind/"), s3)
            .publish(ModelFiles.read(write("other", 0.50)), gate(false));
    assertThat(outcome.published()).isFalse();
    assertThat(store.currentVersion()).contains("good");

    // forced: the operator's call
    assertThat(
            new GatedRelease(blind)
                .release(worse, ModelFiles.read(worse).manifest(), gate(true))
                .publish())
        .isTrue();
    assertThat(store.currentVersion()).contains(ModelFiles.read(worse).manifest().version());
  }

  /**
   * Two runs read the same CURRENT and both pass the gate; the second one's upload is where the
   * first one publishes completely (the test interleaves them: the local S3 server checks and then
   * writes, so real concurrency would test the server). The second is refused with a clear message,
   * never overwrites the winner, and removes its own files. Also from an empty prefix
   * (If-None-Match: *).
   */
  @Test
  void ofTwoRunsThatReadTheSameCurrentTheSecondNeverOverwritesTheFirst() throws Exception {
    for (boolean fromEmpty : List.of(false, true)) {
      String prefix = fromEmpty ? "race-empty/" : "race/";
      ModelStore store = new ModelStore(s3, bucket, prefix);
      if (!fromEmpty) {
        new GatedRelease(store).release(write("base", 0.20), manifestOf("base"), gate(false));
      }
      Path first = write("first", 0.25);
      Path second = write("second", 0.40);
      S3Client interleaved =
          beforeFirstPut(
              s3,
              () ->
                  new GatedRelease(store)
                      .release(first, ModelFiles.read(first).manifest(), gate(false)));

      assertThatThrownBy(
              () ->
                  new GatedRelease(new ModelStore(interleaved, bucket, prefix))
                      .release(second, ModelFiles.read(second).manifest(), gate(false)))
          .isInstanceOf(CurrentMovedException.class)
          .hasMessageContaining(
              "CURRENT moved from " + (fromEmpty ? "(none)" : "base") + " to first")
          .hasMessageContaining("not overwriting");
      assertThat(store.currentVersion()).as(prefix).contains("first");
      assertThat(store.completeVersions())
          .extracting(ModelManifest::version)
          .containsExactlyElementsOf(fromEmpty ? List.of("first") : List.of("first", "base"));
      assertThat(store.versions()).as("the loser's files are gone").doesNotContain("second");
    }
  }

  /**
   * {@code versions} lists complete models only: an upload that failed before its manifest, and a
   * version whose manifest is there but a file is missing, are left out. Rollback goes to the
   * previous complete model, or the one named, and is conditional like a publish.
   */
  @Test
  void versionsListsCompleteModelsAndRollbackMovesCurrentBackConditionally() throws Exception {
    ModelStore store = new ModelStore(s3, bucket, "history/");
    ModelRepository repository = new ModelRepository(new ModelLocation.S3(bucket, "history/"), s3);
    new GatedRelease(store).release(write("v1", 0.20), manifestOf("v1"), gate(false));
    new GatedRelease(store).release(write("v2", 0.21), manifestOf("v2"), gate(false));
    // v3: the upload stopped before the manifest; v4: a data file went missing after
    Path v3 = write("v3", 0.22);
    ModelStore flaky = new ModelStore(failingOnPut(s3, 3), bucket, "history/");
    assertThatThrownBy(
            () -> new GatedRelease(flaky).release(v3, ModelFiles.read(v3).manifest(), gate(false)))
        .isInstanceOf(SdkClientException.class);
    store.upload(write("v4", 0.23), "v4");
    s3.deleteObject(b -> b.bucket(bucket).key(store.key("v4", ModelFiles.ITEM_FACTORS)));
    assertThat(store.versions()).contains("v3", "v4");

    assertThat(repository.versions())
        .extracting(v -> v.manifest().version(), ModelRepository.Version::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v2", true),
            org.assertj.core.groups.Tuple.tuple("v1", false));

    assertThat(repository.rollback(java.util.Optional.empty()))
        .isEqualTo(new ModelRepository.Rollback("v2", "v1"));
    assertThat(store.currentVersion()).contains("v1");
    assertThatThrownBy(() -> repository.rollback(java.util.Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no complete, verified model older than v1");
    assertThatThrownBy(() -> repository.rollback(java.util.Optional.of("v4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v4 is not a complete model");
    assertThat(repository.rollback(java.util.Optional.of("v2")).to()).isEqualTo("v2");

    // two operators roll back at once: the second one's write finds CURRENT moved and is refused
    S3Client interleaved = beforeFirstPut(s3, () -> store.setCurrent("v1"));
    ModelRepository late =
        new ModelRepository(new ModelLocation.S3(bucket, "history/"), interleaved);
    assertThat(store.currentVersion()).contains("v2");
    store.upload(write("v0", 0.19), "v0");
    assertThatThrownBy(() -> late.rollback(java.util.Optional.of("v0")))
        .isInstanceOf(CurrentMovedException.class)
        .hasMessageContaining("moved from v2 to v1");
    assertThat(store.currentVersion()).contains("v1");
  }

  private static ReleaseGate gate(boolean force) {
    return new ReleaseGate("ndcg@10", 0.05, force);
  }

  private Path write(String version, double ndcg) {
    ModelManifest manifest =
        new ModelManifest(
            ModelFiles.FORMAT_VERSION,
            version,
            Instant.now(),
            2,
            0,
            0,
            0,
            Map.of("factors", 2),
            Map.of("validation", Map.of("ndcg@10", ndcg)),
            Map.of("events", 3L),
            null);
    Model model =
        new Model(
            manifest,
            new IdIndex(new String[] {"a", "b"}),
            new FactorMatrix(new float[] {1, 0, 0.5f, 0.5f}, 2, 2),
            new String[] {"toys", "books"},
            new PopularLists(List.of(new RankedItem("b", 2), new RankedItem("a", 1)), Map.of()),
            new SimilarItems(1, new int[] {1, 0}, new float[] {0.7f, 0.7f}));
    Path folder = dir.resolve(version + "-" + UUID.randomUUID());
    written.put(version, ModelFiles.write(model, folder));
    return folder;
  }

  private ModelManifest manifestOf(String version) {
    return written.get(version);
  }

  /** The real client, except that reading any manifest fails as a network failure would. */
  private static S3Client failingManifestReads(S3Client real) {
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getObject")
                  && args != null
                  && args.length > 0
                  && keyOf(args[0]).endsWith("/" + ModelFiles.MANIFEST)) {
                throw SdkClientException.create("injected failure reading " + keyOf(args[0]));
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static String keyOf(Object request) {
    if (request instanceof GetObjectRequest get) {
      return get.key();
    }
    if (request instanceof java.util.function.Consumer<?> consumer) {
      return GetObjectRequest.builder()
          .applyMutation((java.util.function.Consumer<GetObjectRequest.Builder>) consumer)
          .build()
          .key();
    }
    return "";
  }

  /** The real client, except that {@code interleaved} runs (once) before its first putObject. */
  private static S3Client beforeFirstPut(S3Client real, Runnable interleaved) {
    AtomicInteger puts = new AtomicInteger();
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (method.getName().equals("putObject") && puts.incrementAndGet() == 1) {
                interleaved.run();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * The real client, except that the {@code failAt}-th putObject throws (a network failure midway).
   */
  private static S3Client failingOnPut(S3Client real, int failAt) {
    AtomicInteger puts = new AtomicInteger();
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
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
