package dev.aisle.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.telemetry.Metrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMemoryBudgetTest {

  private final List<String> lines = new ArrayList<>();
  private final ModelMemoryBudget budget =
      new ModelMemoryBudget(512L << 20, new Metrics("api", lines::add, Clock.systemUTC()));

  private static ModelManifest claiming(int items, int factors) {
    return new ModelManifest(
        2,
        "v-huge",
        Instant.EPOCH,
        factors,
        50_000_000,
        items,
        0,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of());
  }

  /** 1.1 billion items × 256 factors: the int product wraps negative, the long one is 1.1 TB. */
  @Test
  void aManifestClaimingHugeSizesIsRefusedAndCounted() {
    ModelManifest huge = claiming(1_100_000_000, 256);

    assertThatThrownBy(() -> budget.admit(huge, ModelFiles.Parts.ESSENTIAL, "v-small"))
        .isInstanceOf(ModelRefusedException.class)
        .hasMessageContaining("v-huge");
    assertThat(lines)
        .singleElement()
        .asString()
        .contains("\"ModelRefused\":1")
        .contains("\"Unit\":\"Count\"");
  }

  @Test
  void aModelOverTheBudgetByLittleIsRefusedAndOneWithinIsAdmitted() {
    // 1 M × 128 floats = 512 MiB of factors alone
    assertThatThrownBy(
            () -> budget.admit(claiming(1 << 20, 128), ModelFiles.Parts.ESSENTIAL, "none"))
        .isInstanceOf(ModelRefusedException.class);

    budget.admit(claiming(100_000, 64), ModelFiles.Parts.ESSENTIAL, "none");

    assertThat(lines).hasSize(1);
  }

  @Test
  void theDefaultIsAShareOfTheMaximumHeap() {
    assertThat(ModelMemoryBudget.shareOfHeap(null).bytes())
        .isEqualTo(
            (long) (Runtime.getRuntime().maxMemory() * ModelMemoryBudget.DEFAULT_HEAP_SHARE));
  }
}
