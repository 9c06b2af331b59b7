package dev.aisle.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.als.InteractionMatrix;
import org.junit.jupiter.api.Test;

/** Which rows an incremental run re-solves, and when it sweeps all of them instead. */
class RowSelectionTest {

  /**
   * 4 shoppers × 5 items: shopper 0 has items 0, 1; shopper 1 items 1, 2; shopper 2 item 3; shopper
   * 3 items 0, 3.
   */
  private static final InteractionMatrix MATRIX =
      InteractionMatrix.fromTriplets(
          4,
          5,
          new int[] {0, 0, 1, 1, 2, 3, 3},
          new int[] {0, 1, 1, 2, 3, 0, 3},
          new float[] {1, 1, 1, 1, 1, 1, 1},
          7);

  @Test
  void theChangedShoppersAndTheItemsTheyTouchedAreReSolved() {
    boolean[] changed = {false, true, false, false};
    boolean[] known = {true, true, true, true, true};
    RowSelection rows = RowSelection.of(MATRIX, changed, known);
    assertThat(rows.users()).containsExactly(1);
    assertThat(rows.items()).containsExactly(1, 2);
    assertThat(rows.userShare(4)).isEqualTo(0.25);
    assertThat(rows.itemShare(5)).isEqualTo(0.4);
  }

  @Test
  void aKnownItemIsReSolvedOnlyWhenEnoughOfItsPairsChanged() {
    boolean[] changed = {false, true, false, false};
    boolean[] known = {true, true, true, true, true};
    // item 1: 1 of its 2 pairs changed (0.5); item 2: its only pair (1.0)
    assertThat(RowSelection.of(MATRIX, changed, known, 0.5).items()).containsExactly(1, 2);
    assertThat(RowSelection.of(MATRIX, changed, known, 0.6).items()).containsExactly(2);
    assertThat(RowSelection.of(MATRIX, changed, known, 0.6).users()).containsExactly(1);
  }

  @Test
  void aNewItemIsReSolvedWhateverTheShare() {
    boolean[] changed = {false, true, false, false};
    boolean[] known = {true, false, true, true, true};
    assertThat(RowSelection.of(MATRIX, changed, known, 1.0).items()).containsExactly(1, 2);
    assertThat(RowSelection.of(MATRIX, new boolean[4], known, 1.0).items()).containsExactly(1);
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> RowSelection.of(MATRIX, new boolean[4], new boolean[5], 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anItemThePreviousRunDidNotTrainIsReSolvedEvenIfNoChangedShopperTouchedIt() {
    boolean[] changed = {true, false, false, false};
    boolean[] known = {true, true, true, true, false};
    RowSelection rows = RowSelection.of(MATRIX, changed, known);
    assertThat(rows.users()).containsExactly(0);
    assertThat(rows.items()).containsExactly(0, 1, 4);
  }

  @Test
  void nothingChangedReSolvesNothing() {
    RowSelection rows =
        RowSelection.of(MATRIX, new boolean[4], new boolean[] {true, true, true, true, true});
    assertThat(rows.users()).isEmpty();
    assertThat(rows.items()).isEmpty();
  }

  @Test
  void flagsOfAnotherShapeAreRefused() {
    assertThatThrownBy(() -> RowSelection.of(MATRIX, new boolean[3], new boolean[5]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allRowsEveryNthRunAndAboveTheChangedShare() {
    assertThat(SweepPlan.decide(0, 7, 0.01, 0.25).partial()).isTrue();
    assertThat(SweepPlan.decide(5, 7, 0.01, 0.25).partial()).as("the 6th partial run").isTrue();
    SweepPlan seventh = SweepPlan.decide(6, 7, 0.01, 0.25);
    assertThat(seventh.kind()).isEqualTo(SweepPlan.ALL_ROWS);
    assertThat(seventh.reason()).contains("6 partial runs");
    SweepPlan many = SweepPlan.decide(0, 7, 0.30, 0.25);
    assertThat(many.kind()).isEqualTo(SweepPlan.ALL_ROWS);
    assertThat(many.reason()).contains("30.0 %");
    assertThat(SweepPlan.decide(0, 7, 0.25, 0.25).partial()).as("at the share itself").isTrue();
    assertThat(SweepPlan.decide(0, 1, 0.0, 0.25).kind())
        .as("every run")
        .isEqualTo(SweepPlan.ALL_ROWS);
    assertThatThrownBy(() -> SweepPlan.decide(0, 0, 0.1, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepPlan.decide(0, 7, 0.1, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
