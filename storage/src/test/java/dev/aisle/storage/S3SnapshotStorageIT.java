package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.snapshot.SnapshotStorage;
import dev.aisle.storage.local.IsolatedStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The snapshot's S3 storage on the local S3 server: conditional pointer writes, objects, folders. */
class S3SnapshotStorageIT {

  private static IsolatedStack resources;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    s3 = AwsClients.s3(resources.settings());
  }

  @AfterAll
  static void stop() {
    s3.close();
    resources.close();
  }

  private SnapshotStorage storage(String prefix) {
    return new S3SnapshotStorage(s3, resources.settings().modelsBucket(), prefix);
  }

  @Test
  void thePointerMovesOnlyFromTheStateItWasReadIn() throws Exception {
    SnapshotStorage storage = storage("pointer/snapshots/");
    assertThat(storage.pointer()).isEmpty();
    assertThat(storage.swapPointer(Optional.empty(), "v1")).isTrue();
    assertThat(storage.swapPointer(Optional.empty(), "v1b")).as("If-None-Match: a pointer exists").isFalse();

    SnapshotStorage.Pointer v1 = storage.pointer().orElseThrow();
    assertThat(v1.version()).isEqualTo("v1");
    assertThat(storage.swapPointer(Optional.of(v1), "v2")).isTrue();
    assertThat(storage.swapPointer(Optional.of(v1), "v3")).as("If-Match on a stale ETag").isFalse();
    assertThat(storage.pointer().orElseThrow().version()).isEqualTo("v2");
  }

  @Test
  void ofManyWritersFromTheSameStateExactlyOneWins() throws Exception {
    SnapshotStorage storage = storage("race/snapshots/");
    storage.swapPointer(Optional.empty(), "base");
    SnapshotStorage.Pointer base = storage.pointer().orElseThrow();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String version = "v" + w;
      results.add(pool.submit(() -> {
        go.await();
        return storage.swapPointer(Optional.of(base), version);
      }));
    }
    go.countDown();
    List<Boolean> won = new ArrayList<>();
    for (Future<Boolean> r : results) {
      won.add(r.get());
    }
    pool.shutdown();
    assertThat(won).containsOnlyOnce(true);
    assertThat(storage.pointer().orElseThrow().version()).isEqualTo("v" + won.indexOf(true));
  }

  @Test
  void storesListsAndDeletesVersionFolders() throws Exception {
    SnapshotStorage storage = storage("files/snapshots/");
    Path file = Files.createTempFile("part", ".bin");
    Files.writeString(file, "pairs");
    storage.put("v1/part-00000.bin", file);
    storage.put("v1/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    storage.put("v2/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    try (var in = storage.open("v1/part-00000.bin")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("pairs");
    }
    assertThat(storage.folders()).containsExactlyInAnyOrder("v1", "v2");
    storage.deleteFolder("v1");
    assertThat(storage.folders()).containsExactly("v2");
    assertThatThrownBy(() -> storage.open("v1/part-00000.bin")).isInstanceOf(NoSuchFileException.class);
  }
}
