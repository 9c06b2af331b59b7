package dev.aisle.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PartFormatTest {

  private static final long CUT = 1_780_000_000_000L;

  /** Whatever a part holds comes back exactly: ids, counts, floats bit for bit, times to the ms. */
  @Property(tries = 200)
  void writtenShoppersReadBackExactly(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int shoppers) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    TreeMap<String, long[][]> expected = new TreeMap<>();
    for (int s = 0; s < shoppers; s++) {
      String id = "shopper-" + random.nextInt(1000) + (random.nextBoolean() ? "-é" : "");
      int pairs = 1 + random.nextInt(12);
      long[][] rows = new long[pairs][];
      int item = random.nextInt(5);
      for (int p = 0; p < pairs; p++) {
        // last may lie after the cut (clock skew); first never after last
        long last =
            CUT
                - random.nextLong(1L << 40)
                + (random.nextInt(10) == 0 ? random.nextInt(300_000) : 0);
        long first = last - random.nextLong(1L << 35);
        rows[p] =
            new long[] {
              item,
              Float.floatToIntBits((float) random.nextDouble(100)),
              Float.floatToIntBits((float) random.nextDouble()),
              first,
              last,
              1 + random.nextInt(30),
              random.nextInt(2)
            };
        item += 1 + random.nextInt(100_000);
      }
      expected.put(id, rows);
    }

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PartWriter writer = new PartWriter(bytes, CUT)) {
      ShopperPairs buffer = new ShopperPairs();
      expected.forEach(
          (id, rows) -> {
            buffer.reset(id, Arrays.stream(rows).mapToInt(r -> (int) r[5]).sum());
            for (long[] r : rows) {
              buffer.add(
                  (int) r[0],
                  Float.intBitsToFloat((int) r[1]),
                  Float.intBitsToFloat((int) r[2]),
                  r[3],
                  r[4],
                  (int) r[5],
                  r[6] == 1);
            }
            write(writer, buffer);
          });
      assertThat(writer.shoppers()).isEqualTo(expected.size());
    }

    List<String> ids = new ArrayList<>();
    try (PartReader reader = new PartReader(new ByteArrayInputStream(bytes.toByteArray()), CUT)) {
      ShopperPairs read = new ShopperPairs();
      while (reader.next(read)) {
        ids.add(read.shopperId());
        long[][] rows = expected.get(read.shopperId());
        assertThat(read.size()).isEqualTo(rows.length);
        assertThat(read.events()).isEqualTo(Arrays.stream(rows).mapToInt(r -> (int) r[5]).sum());
        for (int p = 0; p < rows.length; p++) {
          assertThat(
                  new long[] {
                    read.item(p),
                    Float.floatToIntBits(read.weight(p)),
                    Float.floatToIntBits(read.popularity(p)),
                    read.first(p),
                    read.last(p),
                    read.eventCount(p),
                    read.bought(p) ? 1 : 0
                  })
              .containsExactly(rows[p]);
        }
      }
    }
    assertThat(ids).containsExactlyElementsOf(expected.keySet());
  }

  @Test
  void refusesShoppersOutOfOrderAndTruncatedParts() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PartWriter writer = new PartWriter(bytes, CUT);
    ShopperPairs b = new ShopperPairs().reset("b", 1);
    b.add(3, 1f, 1f, CUT - 10, CUT - 5, 1, false);
    writer.write(b);
    ShopperPairs a = new ShopperPairs().reset("a", 1);
    a.add(3, 1f, 1f, CUT - 10, CUT - 5, 1, false);
    assertThatThrownBy(() -> writer.write(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order");
    writer.close();

    byte[] whole = bytes.toByteArray();
    byte[] torn = Arrays.copyOf(whole, whole.length - 4);
    try (PartReader reader = new PartReader(new ByteArrayInputStream(torn), CUT)) {
      assertThatThrownBy(() -> reader.next(new ShopperPairs())).isInstanceOf(EOFException.class);
    }
    assertThatThrownBy(() -> new PartReader(new ByteArrayInputStream(new byte[] {1, 2, 3}), CUT))
        .isInstanceOf(IOException.class);
  }

  private static void write(PartWriter writer, ShopperPairs shopper) {
    try {
      writer.write(shopper);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
