package dev.aisle.spark.als;

import java.io.Serializable;

/**
 * What one source block sends one destination block for a half-sweep: the factors of the source
 * rows the destination references, ascending by id (the destination knows which: its {@link
 * SideBlock#otherStart} range for this source block), k floats each, row-major.
 */
final class FactorMessage implements Serializable {

  private static final long serialVersionUID = 1L;

  final int fromBlock;
  final float[] factors;

  FactorMessage(int fromBlock, float[] factors) {
    this.fromBlock = fromBlock;
    this.factors = factors;
  }
}
