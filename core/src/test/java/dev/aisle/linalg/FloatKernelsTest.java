package dev.aisle.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aisle.model.FactorMatrix;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.scoring.TopKScorer;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The kernels against plain double-precision arithmetic, the vector implementation against the
 * scalar one (bit for bit), and top-K scoring's order on top of the block kernel.
 */
class FloatKernelsTest {

  private static final Kernels SCALAR = ScalarKernels.INSTANCE;

  /** The vector kernels (the tests run with the incubator module). */
  private static final Kernels VECTOR = FloatKernels.choose("auto");

  @Property(tries = 200)
  void blockScoresEqualADoubleDotWithinRounding(
      @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @IntRange(min = 1, max = 70) int rows,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] q = values(random, n);
    float[] m = values(random, rows * n);
    float[] out = new float[rows + 3];
    FloatKernels.dotRows(q, m, 0, rows, n, out, 3);
    for (int r = 0; r < rows; r++) {
      double exact = 0;
      double magnitude = 0;
      for (int d = 0; d < n; d++) {
        exact += (double) q[d] * m[r * n + d];
        magnitude += Math.abs((double) q[d] * m[r * n + d]);
      }
      // float rounding of n products and sums: a few ulps of the sum of magnitudes
      assertThat((double) out[3 + r]).isCloseTo(exact, within(1e-6 * n * magnitude + 1e-30));
      assertThat(out[3 + r]).isEqualTo(FloatKernels.dot(q, 0, m, r * n, n));
    }
  }

  @Property(tries = 200)
  void vectorKernelsEqualScalarBitForBit(
      @ForAll @IntRange(min = 1, max = 150) int n,
      @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll @IntRange(min = 0, max = 5) int offset,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] q = values(random, n + offset);
    float[] m = values(random, rows * n + offset);
    assertThat(VECTOR.dot(q, offset, m, offset / 2, n))
        .isEqualTo(SCALAR.dot(q, offset, m, offset / 2, n));

    float[] q0 = values(random, n);
    float[] vectorScores = new float[rows];
    float[] scalarScores = new float[rows];
    VECTOR.dotRows(q0, m, 0, rows, n, vectorScores, 0);
    SCALAR.dotRows(q0, m, 0, rows, n, scalarScores, 0);
    assertThat(vectorScores).containsExactly(scalarScores);

    float[] y1 = values(random, n);
    float[] y2 = y1.clone();
    float s = (float) random.nextGaussian();
    VECTOR.axpy(s, q0, y1, Math.min(offset, n), n);
    SCALAR.axpy(s, q0, y2, Math.min(offset, n), n);
    assertThat(y1).containsExactly(y2);

    float[][] gram = new float[n][];
    for (int i = 0; i < n; i++) {
      gram[i] = values(random, n);
    }
    float[] outV = new float[n];
    float[] outS = new float[n];
    VECTOR.symmetricMatVec(gram, q, offset, outV, n);
    SCALAR.symmetricMatVec(gram, q, offset, outS, n);
    assertThat(outV).containsExactly(outS);
  }

  /** The scalar entry points ALS's first sweep uses give what the selected kernels give. */
  @Property(tries = 100)
  void scalarEntryPointsEqualTheSelectedKernelsBitForBit(
      @ForAll @IntRange(min = 1, max = 100) int n, @ForAll long seed) {
    assertThat(FloatKernels.implementation()).isEqualTo("vector");
    SplittableRandom random = new SplittableRandom(seed);
    float[] a = values(random, n);
    float[] b = values(random, n);
    assertThat(FloatKernels.scalarDot(a, b, n)).isEqualTo(FloatKernels.dot(a, b, n));

    float[] y1 = values(random, n);
    float[] y2 = y1.clone();
    float s = (float) random.nextGaussian();
    FloatKernels.scalarAxpy(s, a, y1, 0, n);
    FloatKernels.axpy(s, a, y2, 0, n);
    assertThat(y1).containsExactly(y2);

    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = values(random, n);
    }
    float[] outScalar = new float[n];
    float[] outSelected = new float[n];
    FloatKernels.scalarSymmetricMatVec(rows, a, 0, outScalar, n);
    FloatKernels.symmetricMatVec(rows, a, 0, outSelected, n);
    assertThat(outScalar).containsExactly(outSelected);

    float[][] accScalar = new float[n][n];
    float[][] accSelected = new float[n][n];
    for (float[] v : new float[][] {a, b}) {
      FloatKernels.scalarRankOneUpper(accScalar, v, n);
      FloatKernels.rankOneUpper(accSelected, v, n);
    }
    for (int i = 0; i < n; i++) {
      assertThat(accScalar[i]).containsExactly(accSelected[i]);
    }
  }

  @Property(tries = 100)
  void topKIsTheBestRowsByKernelScoreTiesToTheLowerRow(
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll @IntRange(min = 1, max = 300) int rows,
      @ForAll @IntRange(min = 1, max = 30) int k,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = values(random, rows * n);
    // copies of earlier rows: exact ties, which must come back lower row first
    for (int r = 1; r < rows; r += 3) {
      System.arraycopy(data, random.nextInt(r) * n, data, r * n, n);
    }
    float[] q = values(random, n);
    ScoredRows top = new TopKScorer(new FactorMatrix(data, rows, n)).top(q, k, Candidates.ALL);

    int[] expected =
        IntStream.range(0, rows)
            .boxed()
            .sorted(
                Comparator.<Integer>comparingDouble(r -> -FloatKernels.dot(q, 0, data, r * n, n))
                    .thenComparingInt(r -> r))
            .limit(k)
            .mapToInt(Integer::intValue)
            .toArray();
    assertThat(top.rows()).containsExactly(expected);
    for (int i = 0; i < top.size(); i++) {
      assertThat(top.score(i)).isEqualTo(FloatKernels.dot(q, 0, data, top.row(i) * n, n));
    }
  }

  @Test
  void rankOneUpperAddsTheOuterProductsUpperTriangle() {
    float[] v = {1f, 2f, 3f};
    float[][] acc = new float[3][3];
    FloatKernels.rankOneUpper(acc, v, 3);
    FloatKernels.rankOneUpper(acc, v, 3);
    assertThat(acc[0]).containsExactly(2f, 4f, 6f);
    assertThat(acc[1]).containsExactly(0f, 8f, 12f);
    assertThat(acc[2]).containsExactly(0f, 0f, 18f);
  }

  @Test
  void dotSumsInLaneOrder() {
    // 1e8 + 1 − 1e8 in one chain gives 0; in lane order the 1 sits in a partial of its own
    float[] a = new float[16];
    float[] ones = new float[16];
    java.util.Arrays.fill(ones, 1f);
    a[0] = 1e8f;
    a[1] = 1f;
    a[8] = -1e8f;
    assertThat(FloatKernels.dot(a, ones, 16)).isEqualTo(1f);
    assertThat(VECTOR.dot(a, 0, ones, 0, 16)).isEqualTo(1f);
  }

  @Test
  void theModuleSelectsVectorUnlessScalarIsAskedFor() {
    // the tests run with --add-modules jdk.incubator.vector (core's pom) on a CPU with 256-bit
    // vectors
    assertThat(FloatKernels.choose(null).name()).isEqualTo("vector");
    assertThat(FloatKernels.choose("auto").name()).isEqualTo("vector");
    assertThat(FloatKernels.choose("scalar").name()).isEqualTo("scalar");
    assertThat(VECTOR.name()).isEqualTo("vector");
  }

  private static float[] values(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
