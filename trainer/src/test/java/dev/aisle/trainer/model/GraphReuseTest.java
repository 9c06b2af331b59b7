package dev.aisle.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.ann.ItemGraph;
import dev.aisle.ann.ItemGraphBuilder;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When an incremental run keeps the previous item graph and how it maps its rows. */
class GraphReuseTest {

  private static final int K = 2;
  private static final IdIndex PREVIOUS = new IdIndex(List.of("a", "b", "c", "d"));
  private static final float[] PREVIOUS_FACTORS = {1, 0, 0, 1, 1, 1, 0.5f, 0.5f};
  private static final ItemGraph GRAPH =
      ItemGraphBuilder.build(
          new FactorMatrix(PREVIOUS_FACTORS, 4, K),
          ItemGraphBuilder.Geometry.INNER_PRODUCT,
          ItemGraphBuilder.Settings.defaults(1));

  @Test
  void fewChangedItemsKeepTheGraphAndMapItsRowsById() {
    // "b" dropped, "bb" new, "c" moved; "a" and "d" as they were
    IdIndex items = new IdIndex(List.of("a", "bb", "c", "d"));
    float[] factors = {1, 0, 0.2f, 0.3f, 1, 1.5f, 0.5f, 0.5f};
    GraphReuse kept = GraphReuse.decide(PREVIOUS, PREVIOUS_FACTORS, GRAPH, items, factors, K, 0.5);
    assertThat(kept.reuse()).isTrue();
    assertThat(kept.changed()).isEqualTo(2);
    assertThat(kept.inserted()).isEqualTo(1);
    assertThat(kept.changedShare()).isEqualTo(0.5);
    assertThat(kept.previousToNew()).containsExactly(0, -1, 2, 3);

    GraphReuse rebuilt =
        GraphReuse.decide(PREVIOUS, PREVIOUS_FACTORS, GRAPH, items, factors, K, 0.25);
    assertThat(rebuilt.reuse()).as("half the items changed, above a quarter").isFalse();
    assertThat(rebuilt.reason()).startsWith("rebuilt");
  }

  @Test
  void identicalFactorsChangeNothing() {
    GraphReuse same =
        GraphReuse.decide(
            PREVIOUS, PREVIOUS_FACTORS, GRAPH, PREVIOUS, PREVIOUS_FACTORS.clone(), K, 0);
    assertThat(same.reuse()).isTrue();
    assertThat(same.changed()).isZero();
  }

  @Test
  void noPreviousGraphOrOtherFactorsRebuild() {
    assertThat(
            GraphReuse.decide(PREVIOUS, PREVIOUS_FACTORS, null, PREVIOUS, PREVIOUS_FACTORS, K, 1)
                .reuse())
        .isFalse();
    assertThat(
            GraphReuse.decide(PREVIOUS, new float[12], GRAPH, PREVIOUS, new float[12], 3, 1)
                .reuse())
        .isTrue();
    assertThat(
            GraphReuse.decide(PREVIOUS, PREVIOUS_FACTORS, GRAPH, PREVIOUS, new float[12], 3, 1)
                .reuse())
        .isFalse();
  }

  @Test
  void theModelBuilderExtendsAKeptGraph() {
    IdIndex items = new IdIndex(List.of("a", "b", "c", "d", "e"));
    float[] factors = {1, 0, 0, 1, 1, 1, 0.5f, 0.5f, 0.9f, 0.1f};
    GraphReuse reuse = GraphReuse.decide(PREVIOUS, PREVIOUS_FACTORS, GRAPH, items, factors, K, 0.5);
    var model =
        ModelBuilder.build(
            items,
            factors,
            K,
            new float[5],
            java.util.Map.of(),
            new ModelBuilder.Lists(0, 5, 5, 1),
            ModelBuilder.manifest(
                "v",
                java.time.Instant.EPOCH,
                K,
                java.util.Map.of(),
                java.util.Map.of(),
                java.util.Map.of()),
            1,
            reuse);
    assertThat(model.graph()).isNotNull();
    assertThat(model.graph().size()).isEqualTo(5);
  }
}
