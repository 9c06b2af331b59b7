package dev.aisle.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.als.InteractionMatrix;
import dev.aisle.event.EventType;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.weighting.EventWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {

  private static final long T0 = 1_750_000_000_000L;

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
    PairTable pairs = Aggregator.aggregate(rows, EventWeights.defaults(), T0 + 100_000, Duration.ofDays(7));

    TemporalSplit split = TemporalSplit.split(pairs, 0.2, 3, 1);

    InteractionMatrix test = split.test();
    InteractionMatrix validation = split.validation();
    InteractionMatrix train = split.train();
    int u1 = pairs.users().rowOf("u1");
    int u2 = pairs.users().rowOf("u2");
    assertThat(items(pairs, test, u1)).containsExactly("i8", "i9");
    assertThat(items(pairs, validation, u1)).containsExactly("i6", "i7");
    assertThat(items(pairs, train, u1)).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4", "i5");
    assertThat(items(pairs, train, u2)).containsExactlyInAnyOrder("i1", "i2");
    assertThat(test.rowLength(u2)).isZero();
    assertThat(split.trainAndValidation().nonZeros()).isEqualTo(train.nonZeros() + validation.nonZeros());
  }

  @Test
  void tiesAreBrokenBySeedNotByInputOrder() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Interaction("u", "i" + i, EventType.VIEW, T0, Double.NaN));
    }
    PairTable pairs = Aggregator.aggregate(rows, EventWeights.defaults(), T0, Duration.ofDays(7));
    List<String> a = items(pairs, TemporalSplit.split(pairs, 0.2, 3, 1).test(), 0);
    List<String> again = items(pairs, TemporalSplit.split(pairs, 0.2, 3, 1).test(), 0);
    List<String> other = items(pairs, TemporalSplit.split(pairs, 0.2, 3, 2).test(), 0);
    assertThat(a).hasSize(4).isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void aggregatesWeightsPerPairAndRemembersPurchases() {
    List<Interaction> rows = List.of(
        new Interaction("u", "a", EventType.VIEW, T0, Double.NaN),
        new Interaction("u", "a", EventType.CLICK, T0 + 1, Double.NaN),
        new Interaction("u", "b", EventType.PURCHASE, T0 + 2, 1));
    PairTable pairs = Aggregator.aggregate(rows, EventWeights.defaults(), T0 + 2, Duration.ofDays(7));
    assertThat(pairs.pairs()).isEqualTo(2);
    assertThat(pairs.weight()[0]).isEqualTo(3f);
    assertThat(pairs.weight()[1]).isEqualTo(8f);
    assertThat(pairs.purchasedItems().contains(0, pairs.items().rowOf("b"))).isTrue();
    assertThat(pairs.purchasedItems().contains(0, pairs.items().rowOf("a"))).isFalse();
    assertThat(pairs.itemPopularity()[pairs.items().rowOf("a")]).isGreaterThan(1.99f);
  }

  private static List<String> items(PairTable pairs, InteractionMatrix m, int user) {
    List<String> ids = new ArrayList<>();
    for (int n = m.rowStart(user); n < m.rowEnd(user); n++) {
      ids.add(pairs.items().idAt(m.cols()[n]));
    }
    return ids;
  }
}
