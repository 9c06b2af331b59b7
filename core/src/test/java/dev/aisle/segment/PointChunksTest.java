package dev.aisle.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PointChunksTest {

  @Property(tries = 30)
  void everySlotIsVisitedOnceAndTheSumIsExact(
      @ForAll @IntRange(min = 0, max = 3 * PointChunks.SIZE + 5) int size,
      @ForAll @IntRange(min = 1, max = 4) int threads) {
    PointChunks chunks = SegmentFixtures.chunks(threads);
    AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(1, size));

    long sum =
        chunks.sum(
            "test",
            size,
            () ->
                chunk -> {
                  long partial = 0;
                  for (int s = PointChunks.start(chunk); s < PointChunks.end(chunk, size); s++) {
                    visits.incrementAndGet(s);
                    partial += s;
                  }
                  return partial;
                });

    for (int s = 0; s < size; s++) {
      assertThat(visits.get(s)).as("slot %d", s).isEqualTo(1);
    }
    assertThat(sum).isEqualTo((long) size * (size - 1) / 2);
  }

  /** The whole fit on one thread and on three: bit for bit the same answer. */
  @Test
  void kMeansGivesTheSameAnswerOnOneThreadOrThree() {
    var points = KMeansTest.random(3 * PointChunks.SIZE, 5, 41);
    AttributeCodes attrs = SegmentFixtures.attributes(points.rows(), 42);
    KMeans.Config config = new KMeans.Config(9, 15, 0, 3, 1_000, 40_000);

    String one =
        KMeansGoldenTest.digest(new KMeans(points, attrs, 0.5f, 1).fit(config, (i, c, n) -> {}));
    String three =
        KMeansGoldenTest.digest(new KMeans(points, attrs, 0.5f, 3).fit(config, (i, c, n) -> {}));

    assertThat(three).isEqualTo(one);
  }
}
