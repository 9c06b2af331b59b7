package dev.aisle.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The refresh schedule of {@link CurrentModel} when loads fail in ways a catch of RuntimeException
 * misses.
 */
class CurrentModelTest {

  private final AtomicReference<String> current = new AtomicReference<>("v1");

  @Test
  void anOutOfMemoryErrorDuringARefreshKeepsTheModelAndTheSchedule() throws Exception {
    AtomicInteger v2Attempts = new AtomicInteger();
    Function<String, Model> loader =
        version -> {
          if (version.equals("v2")) {
            v2Attempts.incrementAndGet();
            throw new OutOfMemoryError("Java heap space (planted)");
          }
          return model(version);
        };
    try (CurrentModel models =
        new CurrentModel(
            () -> Optional.ofNullable(current.get()),
            "bucket",
            Duration.ofMillis(100),
            loader,
            m -> {})) {
      assertThat(models.get()).map(Model::version).contains("v1");

      current.set("v2");
      waitUntil(() -> v2Attempts.get() >= 1);
      assertThat(models.get()).map(Model::version).contains("v1");

      // the schedule is still alive: the next version is picked up
      current.set("v3");
      waitUntil(() -> models.get().map(Model::version).orElse("").equals("v3"));
    }
  }

  @Test
  void anErrorThrownByTheVersionCheckOrAListenerDoesNotStopTheSchedule() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger loads = new AtomicInteger();
    try (CurrentModel models =
        new CurrentModel(
            () -> {
              if (checks.incrementAndGet() == 2) {
                throw new StackOverflowError("planted");
              }
              return Optional.ofNullable(current.get());
            },
            "bucket",
            Duration.ofMillis(100),
            CurrentModelTest::model,
            m -> {
              if (loads.incrementAndGet() == 1) {
                throw new AssertionError("a listener failing with an Error (planted)");
              }
            })) {
      assertThat(models.get()).map(Model::version).contains("v1");
      current.set("v2");

      waitUntil(() -> models.get().map(Model::version).orElse("").equals("v2"));
      assertThat(checks.get()).isGreaterThan(2);
    }
  }

  @Test
  void aRefusedModelKeepsTheServedOne() throws Exception {
    ModelMemoryBudget budget = new ModelMemoryBudget(1L << 20, null);
    AtomicInteger loads = new AtomicInteger();
    Function<String, Model> loader =
        version -> {
          int items = version.equals("v2") ? 1_000_000_000 : 10;
          budget.admit(manifest(version, items), dev.aisle.model.ModelFiles.Parts.ESSENTIAL, "v1");
          loads.incrementAndGet();
          return model(version);
        };
    try (CurrentModel models =
        new CurrentModel(
            () -> Optional.ofNullable(current.get()),
            "bucket",
            Duration.ofMillis(100),
            loader,
            m -> {})) {
      assertThat(models.get()).map(Model::version).contains("v1");
      current.set("v2");
      Thread.sleep(500);

      assertThat(models.get()).map(Model::version).contains("v1");
      assertThat(loads.get()).isEqualTo(1);
    }
  }

  private static ModelManifest manifest(String version, int items) {
    return new ModelManifest(
        2, version, Instant.EPOCH, 2, 0, items, 0, Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static Model model(String version) {
    return new Model(
        manifest(version, 1),
        new IdIndex(List.of("i1")),
        new FactorMatrix(new float[] {1f, 0f}, 1, 2),
        new String[] {""},
        PopularLists.empty(),
        SimilarItems.none());
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
