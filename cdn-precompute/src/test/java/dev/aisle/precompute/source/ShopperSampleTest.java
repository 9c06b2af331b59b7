package dev.aisle.precompute.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShopperSampleTest {

  @Test
  void belowTheCapacityEveryShopperIsKeptWithItsVector() {
    ShopperSample sample = new ShopperSample(10, 2);
    for (int u = 0; u < 5; u++) {
      sample.accept("u" + u, new float[] {u, -u});
    }
    ShopperVectors.Loaded loaded = sample.result();
    assertThat(sample.seen()).isEqualTo(5);
    assertThat(loaded.ids().size()).isEqualTo(5);
    for (int u = 0; u < 5; u++) {
      int row = loaded.ids().rowOf("u" + u);
      assertThat(loaded.vectors().get(row, 0)).isEqualTo(u);
      assertThat(loaded.vectors().get(row, 1)).isEqualTo(-u);
    }
  }

  @Test
  void aboveTheCapacityTheSameShoppersAreKeptWhateverTheOrderTheyCameIn() {
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < 20_000; u++) {
      ids.add("user-" + u);
    }
    ShopperVectors.Loaded first = sampleOf(ids, 1_000);
    Collections.shuffle(ids, new Random(3));
    ShopperVectors.Loaded second = sampleOf(ids, 1_000);
    assertThat(first.ids().size()).isEqualTo(1_000);
    assertThat(second.ids().ids()).containsExactly(first.ids().ids());
    assertThat(second.vectors().data()).containsExactly(first.vectors().data());
  }

  @Test
  void theSampleIsUniformAcrossGroupsOfShoppers() {
    // a tenth of the shoppers are "vip-…": about a tenth of the sample should be too
    List<String> ids = new ArrayList<>();
    for (int u = 0; u < 100_000; u++) {
      ids.add((u % 10 == 0 ? "vip-" : "user-") + u);
    }
    ShopperVectors.Loaded loaded = sampleOf(ids, 5_000);
    long vips =
        java.util.Arrays.stream(loaded.ids().ids()).filter(id -> id.startsWith("vip-")).count();
    // binomial(5000, 0.1): sd ≈ 21; 5 sd either side
    assertThat(vips).isBetween(395L, 605L);
  }

  @Test
  void aShopperOfferedTwiceIsKeptOnce() {
    ShopperSample sample = new ShopperSample(3, 1);
    sample.accept("a", new float[] {1});
    sample.accept("a", new float[] {1});
    sample.accept("b", new float[] {2});
    assertThat(sample.result().ids().ids()).containsExactlyInAnyOrder("a", "b");
  }

  private static ShopperVectors.Loaded sampleOf(List<String> ids, int capacity) {
    ShopperSample sample = new ShopperSample(capacity, 2);
    float[] vector = new float[2];
    for (String id : ids) {
      vector[0] = id.hashCode();
      vector[1] = id.length();
      sample.accept(id, vector);
    }
    assertThat(sample.seen()).isEqualTo(ids.size());
    return sample.result();
  }
}
