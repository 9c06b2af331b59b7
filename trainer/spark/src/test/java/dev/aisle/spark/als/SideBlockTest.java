package dev.aisle.spark.als;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked layout without Spark: both sides built from the same pairs must fit together. */
class SideBlockTest {

  private static final int USER_BLOCKS = 3;
  private static final int ITEM_BLOCKS = 4;
  private static final TestPairs PAIRS = TestPairs.random(90, 40, 6, 5);

  @Test
  void whatABlockSendsIsExactlyWhatTheOtherSideExpectsInTheSameOrder() {
    SideBlock[] users = side(PAIRS, true, USER_BLOCKS, ITEM_BLOCKS, 1);
    SideBlock[] items = side(PAIRS, false, ITEM_BLOCKS, USER_BLOCKS, 1);

    for (SideBlock u : users) {
      for (SideBlock i : items) {
        // the item ids block i sends to block u, in the order it sends them ...
        int[] sent = Arrays.stream(i.send[u.block]).map(local -> i.rows[local]).toArray();
        // ... are the item ids block u's entries point at within block i's range of its Y
        int[] expected = new int[u.expectedFrom(i.block)];
        for (int row = 0; row < u.size(); row++) {
          for (int e = u.rowStart[row]; e < u.rowStart[row + 1]; e++) {
            int yRow = u.cols[e];
            if (yRow >= u.otherStart[i.block] && yRow < u.otherStart[i.block + 1]) {
              expected[yRow - u.otherStart[i.block]] = itemOf(u.rows[row], u, e);
            }
          }
        }
        assertThat(sent).containsExactly(expected);
      }
    }
  }

  @Test
  void holdsEveryPairOnceWithItsWeight() {
    SideBlock[] users = side(PAIRS, true, USER_BLOCKS, ITEM_BLOCKS, 1);
    long entries = Arrays.stream(users).mapToLong(SideBlock::entries).sum();
    assertThat(entries).isEqualTo(PAIRS.size());
    for (SideBlock b : users) {
      for (int row : b.rows) {
        assertThat(row % USER_BLOCKS).isEqualTo(b.block);
      }
      assertThat(b.rows).isSorted();
    }
  }

  @Test
  void aBlockDependsOnlyOnItsEntriesNotOnTheirOrderOrChunking() {
    SideBlock[] once = side(PAIRS, true, USER_BLOCKS, ITEM_BLOCKS, 1);
    SideBlock[] shuffled = side(PAIRS, true, USER_BLOCKS, ITEM_BLOCKS, 7);
    for (int b = 0; b < USER_BLOCKS; b++) {
      assertThat(shuffled[b].rows).containsExactly(once[b].rows);
      assertThat(shuffled[b].rowStart).containsExactly(once[b].rowStart);
      assertThat(shuffled[b].cols).containsExactly(once[b].cols);
      assertThat(shuffled[b].weights).containsExactly(once[b].weights);
      assertThat(shuffled[b].otherStart).containsExactly(once[b].otherStart);
    }
  }

  @Test
  void sumsRepeatedPairs() {
    PairChunk chunk =
        new PairChunk(new int[] {3, 3, 3, 0}, new int[] {5, 1, 5, 5}, new float[] {1f, 2f, 4f, 8f});
    SideBlock b = SideBlock.build(0, List.of(chunk), 2);

    assertThat(b.rows).containsExactly(0, 3);
    assertThat(b.rowStart).containsExactly(0, 1, 3);
    assertThat(b.weights).containsExactly(8f, 2f, 5f);
    // other side: ids 1 (block 1) and 5 (block 1): Y rows 0 and 1
    assertThat(b.otherStart).containsExactly(0, 0, 2);
    assertThat(b.cols).containsExactly(1, 0, 1);
    assertThat(b.send[1]).containsExactly(0, 1);
    assertThat(b.send[0]).isEmpty();
  }

  /** The other side's id behind entry e of block u: recovered from the test's own pairs. */
  private static int itemOf(int user, SideBlock u, int e) {
    List<Integer> items = new ArrayList<>();
    for (int p = 0; p < PAIRS.size(); p++) {
      if (PAIRS.user()[p] == user) {
        items.add(PAIRS.item()[p]);
      }
    }
    Collections.sort(items);
    return items.get(e - u.rowStart[Arrays.binarySearch(u.rows, user)]);
  }

  /** Every block of one side, from the pairs in an order shuffled by seed and cut into chunks. */
  static SideBlock[] side(TestPairs pairs, boolean users, int blocks, int otherBlocks, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int p = 0; p < pairs.size(); p++) {
      order.add(p);
    }
    Collections.shuffle(order, new Random(seed));
    List<List<PairChunk>> chunks = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      chunks.add(new ArrayList<>());
    }
    // chunks of a size that depends on the seed, so two seeds cut the same entries differently
    int size = 5 + (int) (seed % 11);
    for (int from = 0; from < order.size(); from += size) {
      PairChunk.Writer writer = new PairChunk.Writer(blocks);
      for (int n = from; n < Math.min(order.size(), from + size); n++) {
        int p = order.get(n);
        int row = users ? pairs.user()[p] : pairs.item()[p];
        int col = users ? pairs.item()[p] : pairs.user()[p];
        writer.add(row, col, pairs.weight()[p]);
      }
      writer.finish().forEach(t -> chunks.get(t._1()).add(t._2()));
    }
    SideBlock[] out = new SideBlock[blocks];
    for (int b = 0; b < blocks; b++) {
      out[b] = SideBlock.build(b, chunks.get(b), otherBlocks);
    }
    return out;
  }
}
