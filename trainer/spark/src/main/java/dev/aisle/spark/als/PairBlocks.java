package dev.aisle.spark.als;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The pairs, blocked for both sides: each pair is checked, then travels in {@link PairChunk}s to
 * its user block and to its item block, where {@link SideBlock#build} lays the block out. Two
 * passes over the input (one per side): cache the input if reading it is costly.
 */
final class PairBlocks {

  private PairBlocks() {}

  /** Input columns (0: user row, 1: item row, 2: weight) as (user, item, weight) or swapped. */
  static JavaPairRDD<Integer, SideBlock> side(
      JavaRDD<Row> pairs, boolean users, int blocks, int otherBlocks) {
    return pairs
        .mapPartitionsToPair(rows -> new Chunks(rows, users, blocks))
        .groupByKey(new HashPartitioner(blocks))
        .mapValues(chunks -> SideBlock.build(blockOfFirst(chunks, blocks), chunks, otherBlocks));
  }

  private static int blockOfFirst(Iterable<PairChunk> chunks, int blocks) {
    return SideBlock.blockOf(chunks.iterator().next().rows[0], blocks);
  }

  /** One input partition's pairs as chunks, a chunk as soon as it is full. */
  private static final class Chunks implements Iterator<Tuple2<Integer, PairChunk>> {
    private final Iterator<Row> rows;
    private final boolean users;
    private final PairChunk.Writer writer;
    private final ArrayDeque<Tuple2<Integer, PairChunk>> ready = new ArrayDeque<>();
    private boolean finished;

    Chunks(Iterator<Row> rows, boolean users, int blocks) {
      this.rows = rows;
      this.users = users;
      this.writer = new PairChunk.Writer(blocks);
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !finished) {
        if (rows.hasNext()) {
          Row r = rows.next();
          int user = id(r, 0, "user");
          int item = id(r, 1, "item");
          float weight = weight(r);
          if (users) {
            writer.add(user, item, weight);
          } else {
            writer.add(item, user, weight);
          }
          ready.addAll(writer.drain());
        } else {
          ready.addAll(writer.finish());
          finished = true;
        }
      }
      return !ready.isEmpty();
    }

    @Override
    public Tuple2<Integer, PairChunk> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private static int id(Row r, int field, String name) {
      Object v = r.get(field);
      if (!(v instanceof Number n)
          || n.longValue() < 0
          || n.longValue() > Integer.MAX_VALUE
          || n.doubleValue() != n.longValue()) {
        throw new IllegalArgumentException(
            "pair "
                + r
                + ": "
                + name
                + " must be a row number in 0.."
                + Integer.MAX_VALUE
                + ", got "
                + v);
      }
      return n.intValue();
    }

    private static float weight(Row r) {
      Object v = r.get(2);
      float w = v instanceof Number n ? n.floatValue() : Float.NaN;
      if (!(w >= 0) || Float.isInfinite(w)) {
        throw new IllegalArgumentException(
            "pair " + r + ": weight must be a finite number >= 0, got " + v);
      }
      return w;
    }
  }
}
