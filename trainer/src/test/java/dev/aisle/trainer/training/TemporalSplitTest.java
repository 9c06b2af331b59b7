package dev.aisle.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.event.EventType;
import dev.aisle.model.IdIndex;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.trainer.snapshot.TestSnapshots;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {

  private static final long T0 = 1_750_000_000_000L;
  private static final byte[] TEST = {TemporalSplit.TEST};
  private static final byte[] VALIDATION = {TemporalSplit.VALIDATION};
  private static final byte[] TRAIN = {TemporalSplit.TRAIN};
  private static final byte[] TRAIN_AND_VALIDATION = {
    TemporalSplit.TRAIN, TemporalSplit.VALIDATION
  };

  @Test
  void holdsOutEachUsersNewestItemsAndKeepsSetsApart() {
    List<Interaction> rows = new ArrayList<>();
    // u1 touches items 0..9 in order; item 0 again at the very end (first touch still counts)
    for (int i = 0; i < 10; i++) {
      rows.add(new Interaction("u1", "i" + i, EventType.VIEW, T0 + i * 1000, Double.NaN));
    }
    rows.add(new Interaction("u1", "i0", EventType.PURCHASE, T0 + 99_000, 1));
    // u2 has too few items to be held out
    rows.add(new Interaction("u2", "i1", EventType.VIEW, T0, Double.NaN));
    rows.add(new Interaction("u2", "i2", EventType.VIEW, T0 + 1, Double.NaN));
    TrainingSet set =
        TestSnapshots.trainingSet(rows, T0 + 100_000, EventWeights.defaults(), Duration.ofDays(7));

    InteractionMatrix[] m =
        set.matrices(TemporalSplit.of(0.2, 3, 1), TEST, VALIDATION, TRAIN, TRAIN_AND_VALIDATION);

    InteractionMatrix test = m[0];
    InteractionMatrix validation = m[1];
    InteractionMatrix train = m[2];
    IdIndex users = set.pairTable().users();
    int u1 = users.rowOf("u1");
    int u2 = users.rowOf("u2");
    assertThat(items(set, test, u1)).containsExactly("i8", "i9");
    assertThat(items(set, validation, u1)).containsExactly("i6", "i7");
    assertThat(items(set, train, u1)).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4", "i5");
    assertThat(items(set, train, u2)).containsExactlyInAnyOrder("i1", "i2");
    assertThat(test.rowLength(u2)).isZero();
    assertThat(m[3].nonZeros()).isEqualTo(train.nonZeros() + validation.nonZeros());
    assertThat(set.roleCounts(TemporalSplit.of(0.2, 3, 1))).containsExactly(8, 2, 2);
  }

  @Test
  void tiesAreBrokenBySeedNotByInputOrder() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Interaction("u", "i" + i, EventType.VIEW, T0, Double.NaN));
    }
    TrainingSet set =
        TestSnapshots.trainingSet(rows, T0, EventWeights.defaults(), Duration.ofDays(7));
    List<String> a = items(set, set.matrices(TemporalSplit.of(0.2, 3, 1), TEST)[0], 0);
    List<String> again = items(set, set.matrices(TemporalSplit.of(0.2, 3, 1), TEST)[0], 0);
    List<String> other = items(set, set.matrices(TemporalSplit.of(0.2, 3, 2), TEST)[0], 0);
    assertThat(a).hasSize(4).isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void theRandomProtocolIgnoresTimeButRepeatsForASeed() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Interaction("u", "i" + i, EventType.VIEW, T0 + i * 1000, Double.NaN));
    }
    TrainingSet set =
        TestSnapshots.trainingSet(rows, T0 + 100_000, EventWeights.defaults(), Duration.ofDays(7));
    TemporalSplit temporal = TemporalSplit.of(0.2, 3, 1, TemporalSplit.Protocol.TEMPORAL);
    TemporalSplit random = TemporalSplit.of(0.2, 3, 1, TemporalSplit.Protocol.RANDOM);

    assertThat(items(set, set.matrices(temporal, TEST)[0], 0))
        .containsExactlyInAnyOrder("i16", "i17", "i18", "i19");
    List<String> a = items(set, set.matrices(random, TEST)[0], 0);
    List<String> again = items(set, set.matrices(random, TEST)[0], 0);
    List<String> other =
        items(
            set,
            set.matrices(TemporalSplit.of(0.2, 3, 2, TemporalSplit.Protocol.RANDOM), TEST)[0],
            0);
    assertThat(a)
        .hasSize(4)
        .isEqualTo(again)
        .isNotEqualTo(other)
        .isNotEqualTo(List.of("i16", "i17", "i18", "i19"));
    assertThat(set.roleCounts(random)).containsExactly(set.roleCounts(temporal));
    assertThat(random.describe()).startsWith("random per-user split");
    assertThat(temporal.describe()).startsWith("temporal per-user split");
    assertThat(TemporalSplit.Protocol.parse(" Random ")).isEqualTo(TemporalSplit.Protocol.RANDOM);
  }

  @Test
  void aggregatesWeightsPerPairAndRemembersPurchases() {
    List<Interaction> rows =
        List.of(
            new Interaction("u", "a", EventType.VIEW, T0, Double.NaN),
            new Interaction("u", "a", EventType.CLICK, T0 + 1, Double.NaN),
            new Interaction("u", "b", EventType.PURCHASE, T0 + 2, 1));
    TrainingSet set =
        TestSnapshots.trainingSet(rows, T0 + 2, EventWeights.defaults(), Duration.ofDays(7));
    PairTable pairs = set.pairTable();
    assertThat(pairs.pairs()).isEqualTo(2);
    InteractionMatrix all = set.matrix();
    assertThat(all.values()[0]).isEqualTo(3f);
    assertThat(all.values()[1]).isEqualTo(8f);
    assertThat(pairs.purchasedItems().contains(0, pairs.items().rowOf("b"))).isTrue();
    assertThat(pairs.purchasedItems().contains(0, pairs.items().rowOf("a"))).isFalse();
    assertThat(pairs.itemPopularity()[pairs.items().rowOf("a")]).isGreaterThan(1.99f);
  }

  private static List<String> items(TrainingSet set, InteractionMatrix m, int user) {
    List<String> ids = new ArrayList<>();
    for (int n = m.rowStart(user); n < m.rowEnd(user); n++) {
      ids.add(set.items().idAt(m.cols()[n]));
    }
    return ids;
  }
}
