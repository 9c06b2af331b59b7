package dev.aisle.spark.als;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * Moves one side's factors to the other side's blocks: each source block sends each destination
 * block the rows it references (one message per pair of blocks that share an entry, not one per
 * entry), and a destination block lays the messages out as the Y its {@link SideBlock#cols} index.
 */
final class FactorExchange {

  private FactorExchange() {}

  /** Every source block's messages, keyed by destination block. */
  static JavaPairRDD<Integer, FactorMessage> messages(
      JavaPairRDD<Integer, SideBlock> source,
      JavaPairRDD<Integer, FactorBlock> sourceFactors,
      int k) {
    // both sides are partitioned alike: a narrow join, no shuffle
    return source
        .join(sourceFactors)
        .flatMapToPair(
            t -> {
              SideBlock block = t._2()._1();
              float[] factors = t._2()._2().data();
              List<Tuple2<Integer, FactorMessage>> out = new ArrayList<>();
              for (int dst = 0; dst < block.send.length; dst++) {
                int[] local = block.send[dst];
                if (local.length == 0) {
                  continue;
                }
                float[] data = new float[local.length * k];
                for (int j = 0; j < local.length; j++) {
                  System.arraycopy(factors, local[j] * k, data, j * k, k);
                }
                out.add(new Tuple2<>(dst, new FactorMessage(block.block, data)));
              }
              return out.iterator();
            });
  }

  /**
   * Y for {@code block}: the messages concatenated in source-block order, checked against what the
   * block expects from each source (a mismatch means the two sides were built from different pairs,
   * and solving against it would be silently wrong).
   */
  static float[] assemble(SideBlock block, Iterable<FactorMessage> messages, int k) {
    int sources = block.otherStart.length - 1;
    float[] y = new float[block.otherStart[sources] * k];
    boolean[] received = new boolean[sources];
    for (FactorMessage m : messages) {
      int expected = block.expectedFrom(m.fromBlock) * k;
      if (received[m.fromBlock] || m.factors.length != expected) {
        throw new IllegalStateException(
            "block "
                + block.block
                + " got "
                + m.factors.length / k
                + " rows from block "
                + m.fromBlock
                + ", expected "
                + expected / k
                + (received[m.fromBlock] ? " once" : ""));
      }
      received[m.fromBlock] = true;
      System.arraycopy(m.factors, 0, y, block.otherStart[m.fromBlock] * k, expected);
    }
    for (int src = 0; src < sources; src++) {
      if (!received[src] && block.expectedFrom(src) > 0) {
        throw new IllegalStateException(
            "block "
                + block.block
                + " got nothing from block "
                + src
                + ", expected "
                + block.expectedFrom(src)
                + " rows");
      }
    }
    return y;
  }
}
