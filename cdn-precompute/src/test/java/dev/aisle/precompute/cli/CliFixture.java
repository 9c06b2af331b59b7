package dev.aisle.precompute.cli;

import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Two shoppers, two items, one neighbour each. */
final class CliFixture {

  private CliFixture() {}

  static Model model() {
    ModelManifest manifest =
        new ModelManifest(
            1,
            "cli",
            Instant.parse("2026-01-01T00:00:00Z"),
            2,
            2,
            2,
            1,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(List.of("a", "b")),
        new FactorMatrix(new float[] {1, 0, 0, 1}, 2, 2),
        new String[] {"shoes", "books"},
        new PopularLists(List.of(new RankedItem("a", 2), new RankedItem("b", 1)), Map.of()),
        new SimilarItems(1, new int[] {1, 0}, new float[] {0.5f, 0.5f}));
  }
}
