package dev.aisle.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Property(tries = 50)
  void everyChunkRunsExactlyOnce(
      @ForAll @IntRange(min = 1, max = 6) int threads,
      @ForAll @IntRange(min = 0, max = 500) int chunks) {
    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, chunks));
    Chunks.run("test", threads, chunks, () -> runs::incrementAndGet);
    for (int c = 0; c < chunks; c++) {
      assertThat(runs.get(c)).as("chunk %d", c).isEqualTo(1);
    }
  }

  @Test
  void eachThreadBuildsOneWorker() {
    AtomicInteger built = new AtomicInteger();
    Chunks.run(
        "test",
        3,
        1_000,
        () -> {
          built.incrementAndGet();
          return c -> {};
        });
    assertThat(built.get()).isBetween(1, 3);
  }

  @Test
  void aFailingChunkFailsTheRunWithItsCause() {
    assertThatThrownBy(
            () ->
                Chunks.run(
                    "scoring",
                    2,
                    100,
                    () ->
                        c -> {
                          if (c == 42) {
                            throw new ArithmeticException("chunk 42");
                          }
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("scoring failed")
        .cause()
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("chunk 42");
  }

  @Test
  void countCoversEverySlot() {
    assertThat(Chunks.count(0, 64)).isZero();
    assertThat(Chunks.count(64, 64)).isEqualTo(1);
    assertThat(Chunks.count(65, 64)).isEqualTo(2);
  }
}
