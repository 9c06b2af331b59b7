package dev.aisle.spark.als;

import dev.aisle.als.ImplicitSolver;
import java.util.Iterator;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * One half of an ALS sweep: every row of the destination side solved against the fixed source side,
 * with core's {@link ImplicitSolver} (the solve the single-node trainer and the stream's fold-in
 * run), one solver per task, rows in block order.
 */
final class HalfSweep {

  private HalfSweep() {}

  /**
   * @param destination the side being solved, its blocks and current factors (CG starts from them)
   * @param source the fixed side, its blocks and factors
   * @param gram the source's YᵀY (+ λI unless weighted), by {@link Gramian#of}: k × k floats, small
   *     enough to travel inside each task's closure, so a lost block can be recomputed later
   *     without a broadcast that may be gone by then
   * @return the destination's new factors, partitioned as its blocks (lazy: nothing runs yet)
   */
  static JavaPairRDD<Integer, FactorBlock> solve(
      JavaPairRDD<Integer, SideBlock> destination,
      JavaPairRDD<Integer, FactorBlock> destinationFactors,
      JavaPairRDD<Integer, SideBlock> source,
      JavaPairRDD<Integer, FactorBlock> sourceFactors,
      float[] gram,
      SolveSettings settings,
      Partitioner partitioner) {
    JavaPairRDD<Integer, FactorMessage> messages =
        FactorExchange.messages(source, sourceFactors, settings.k);
    return destination
        .cogroup(destinationFactors, messages, partitioner)
        .mapValues(
            g -> {
              SideBlock block = only(g._1());
              FactorBlock current = only(g._2());
              float[] y = FactorExchange.assemble(block, g._3(), settings.k);
              return new FactorBlock(
                  block.rows, solveRows(block, current.data(), y, gram, settings));
            });
  }

  /** New factors for every row of {@code block}, starting from {@code current} (not modified). */
  static float[] solveRows(
      SideBlock block, float[] current, float[] y, float[] gram, SolveSettings s) {
    float[] x = current.clone();
    ImplicitSolver solver = new ImplicitSolver(s.k);
    for (int i = 0; i < block.size(); i++) {
      int from = block.rowStart[i];
      int to = block.rowStart[i + 1];
      float extra = s.extraDiagonal(to - from);
      if (s.cholesky) {
        solver.solveCholesky(
            gram, y, block.cols, block.weights, from, to, s.alpha, x, i * s.k, extra);
      } else {
        solver.solveCg(
            gram, y, block.cols, block.weights, from, to, s.alpha, x, i * s.k, s.cgSteps, extra);
      }
    }
    return x;
  }

  static <T> T only(Iterable<T> values) {
    Iterator<T> it = values.iterator();
    if (!it.hasNext()) {
      throw new IllegalStateException("a block is missing on one side of a join");
    }
    T value = it.next();
    if (it.hasNext()) {
      throw new IllegalStateException("a block appears twice");
    }
    return value;
  }
}
