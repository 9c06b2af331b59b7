package dev.aisle.precompute.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InvalidationTest {

  @Test
  void fewChangesAreInvalidatedOneByOne() {
    assertThat(Invalidation.paths(List.of("v1/popular.json", "v1/similar/a.json"), "v1/", 10))
        .containsExactly("/v1/popular.json", "/v1/similar/a.json");
  }

  @Test
  void manyChangesCollapseIntoFolderWildcardsThenTheRoot() {
    List<String> keys =
        new java.util.ArrayList<>(
            IntStream.range(0, 50).mapToObj(i -> "v1/similar/i" + i + ".json").toList());
    keys.add("v1/popular.json");
    keys.add("v1/segments/s0.json");
    keys.add("v1/segments/s1.json");
    assertThat(Invalidation.paths(keys, "v1/", 10))
        .containsExactly("/v1/popular.json", "/v1/segments/*", "/v1/similar/*");
    assertThat(Invalidation.paths(keys, "v1/", 2)).containsExactly("/v1/*");
  }
}
