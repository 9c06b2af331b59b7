package dev.aisle.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.PartWriter;
import dev.aisle.snapshot.ShopperPairs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Spark task makes of one snapshot part, and how the driver puts shoppers back in order. */
class PartPairsTest {

  private static final long CUT = 1_800_000_000_000L;

  @Test
  void keepsShoppersUnderTheFenceInPartOrderWithTrainingItemRowsAndTheSnapshotsWeights()
      throws IOException {
    // snapshot items 0..3; item 2 is used by nobody kept, so it has no training row
    int[] itemRowOf = {1, 0, -1, 2};
    PartPairs pairs =
        PartPairs.read(
            5,
            reader(
                shopper("a", 3, new int[] {0, 3}, new float[] {1.5f, 2f}),
                shopper("bot", 500, new int[] {2}, new float[] {9f}),
                shopper("c", 2, new int[] {1}, new float[] {4f})),
            100,
            itemRowOf);

    assertThat(pairs.part()).isEqualTo(5);
    assertThat(pairs.shoppers()).containsExactly("a", "c");
    List<String> seen = new ArrayList<>();
    pairs.forEach((u, i, w) -> seen.add(u + ":" + i + ":" + w));
    assertThat(seen).containsExactly("0:1:1.5", "0:2:2.0", "1:0:4.0");
    assertThat(pairs.pairs()).isEqualTo(3);
  }

  @Test
  void anInfiniteFenceKeepsEveryone() throws IOException {
    PartPairs pairs =
        PartPairs.read(
            0,
            reader(shopper("bot", 5000, new int[] {0}, new float[] {1f})),
            Double.POSITIVE_INFINITY,
            new int[] {0});
    assertThat(pairs.shoppers()).containsExactly("bot");
  }

  @Test
  void aKeptShoppersItemWithoutATrainingRowFailsTheTask() throws IOException {
    PartReader reader = reader(shopper("a", 1, new int[] {0}, new float[] {1f}));
    assertThatThrownBy(() -> PartPairs.read(3, reader, 100, new int[] {-1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("part 3");
  }

  @Test
  void usersComeBackInAscendingIdOverAllPartsAsTheSingleNodeTrainerNumbersThem() {
    // parts (each in id order) → Spark rows b, d | a, c, e | (empty); k = 2
    String[][] ids = {{"b", "d"}, {"a", "c", "e"}, {}};
    int[] offset = {0, 2, 5, 5};
    float[] spark = {2, 2, 4, 4, 1, 1, 3, 3, 5, 5};
    assertThat(SparkFit.inTrainingOrder(spark, ids, offset, 2))
        .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
  }

  private static ShopperPairs shopper(String id, int events, int[] items, float[] weights) {
    ShopperPairs s = new ShopperPairs().reset(id, events);
    for (int p = 0; p < items.length; p++) {
      s.add(items[p], weights[p], 1f, CUT - 1000, CUT - 10, 1, false);
    }
    return s;
  }

  private static PartReader reader(ShopperPairs... shoppers) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PartWriter writer = new PartWriter(bytes, CUT)) {
      for (ShopperPairs s : shoppers) {
        writer.write(s);
      }
    }
    return new PartReader(new ByteArrayInputStream(bytes.toByteArray()), CUT);
  }
}
