package dev.aisle.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on {@code jdk.incubator.vector} (incubating in Java 17: the JVM needs {@code
 * --add-modules jdk.incubator.vector}). Loaded by name only when that module is present, so nothing
 * else refers to it. Dot products use 256-bit vectors whatever the CPU offers: their eight lanes
 * are the scalar kernel's eight partial sums, which keeps the results identical; element-wise
 * kernels use the widest vectors the CPU has.
 */
final class VectorKernels implements Kernels {

  private static final VectorSpecies<Float> LANES8 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;

  /** Lane i ↔ i^1 and i ↔ i^2: the pairwise tree ((s0+s1)+(s2+s3)) in two vector adds. */
  private static final VectorShuffle<Float> SWAP1 =
      VectorShuffle.fromValues(LANES8, 1, 0, 3, 2, 5, 4, 7, 6);

  private static final VectorShuffle<Float> SWAP2 =
      VectorShuffle.fromValues(LANES8, 2, 3, 0, 1, 6, 7, 4, 5);

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public boolean usable() {
    // Narrower hardware would emulate the 256-bit dot products in Java: far slower than scalar.
    return WIDE.vectorBitSize() >= 256;
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    FloatVector acc = FloatVector.zero(LANES8);
    int bound = n & ~7;
    for (int d = 0; d < bound; d += 8) {
      acc =
          acc.add(
              FloatVector.fromArray(LANES8, a, ao + d)
                  .mul(FloatVector.fromArray(LANES8, b, bo + d)));
    }
    if (bound < n) {
      float s0 = acc.lane(0);
      for (int d = bound; d < n; d++) {
        s0 += a[ao + d] * b[bo + d];
      }
      acc = acc.withLane(0, s0);
    }
    return reduce(acc);
  }

  @Override
  public void dotRows(
      float[] q, float[] rows, int firstRow, int count, int n, float[] out, int outOffset) {
    int bound = n & ~7;
    int r = 0;
    if (bound == n) {
      // Four rows per pass: each query slice is loaded once for four rows.
      for (; r + 3 < count; r += 4) {
        int o0 = (firstRow + r) * n;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        FloatVector a0 = FloatVector.zero(LANES8);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int d = 0; d < n; d += 8) {
          FloatVector qv = FloatVector.fromArray(LANES8, q, d);
          a0 = a0.add(qv.mul(FloatVector.fromArray(LANES8, rows, o0 + d)));
          a1 = a1.add(qv.mul(FloatVector.fromArray(LANES8, rows, o1 + d)));
          a2 = a2.add(qv.mul(FloatVector.fromArray(LANES8, rows, o2 + d)));
          a3 = a3.add(qv.mul(FloatVector.fromArray(LANES8, rows, o3 + d)));
        }
        out[outOffset + r] = reduce(a0);
        out[outOffset + r + 1] = reduce(a1);
        out[outOffset + r + 2] = reduce(a2);
        out[outOffset + r + 3] = reduce(a3);
      }
    }
    for (; r < count; r++) {
      out[outOffset + r] = dot(q, 0, rows, (firstRow + r) * n, n);
    }
  }

  /** ((s0+s1)+(s2+s3)) + ((s4+s5)+(s6+s7)) of the eight lanes. */
  private static float reduce(FloatVector acc) {
    FloatVector pairs = acc.add(acc.rearrange(SWAP1));
    FloatVector quads = pairs.add(pairs.rearrange(SWAP2));
    return quads.lane(0) + quads.lane(4);
  }

  @Override
  public void axpy(float s, float[] x, float[] y, int from, int to) {
    int j = from;
    for (int bound = to - WIDE.length(); j <= bound; j += WIDE.length()) {
      FloatVector.fromArray(WIDE, y, j)
          .add(FloatVector.fromArray(WIDE, x, j).mul(s))
          .intoArray(y, j);
    }
    for (; j < to; j++) {
      y[j] += s * x[j];
    }
  }

  @Override
  public void symmetricMatVec(float[][] rows, float[] v, int vOffset, float[] out, int k) {
    java.util.Arrays.fill(out, 0, k, 0f);
    int width = WIDE.length();
    int j = 0;
    for (; j + 3 < k; j += 4) {
      float v0 = v[vOffset + j];
      float v1 = v[vOffset + j + 1];
      float v2 = v[vOffset + j + 2];
      float v3 = v[vOffset + j + 3];
      float[] g0 = rows[j];
      float[] g1 = rows[j + 1];
      float[] g2 = rows[j + 2];
      float[] g3 = rows[j + 3];
      int i = 0;
      for (; i <= k - width; i += width) {
        FloatVector t =
            FloatVector.fromArray(WIDE, g0, i)
                .mul(v0)
                .add(FloatVector.fromArray(WIDE, g1, i).mul(v1))
                .add(FloatVector.fromArray(WIDE, g2, i).mul(v2))
                .add(FloatVector.fromArray(WIDE, g3, i).mul(v3));
        FloatVector.fromArray(WIDE, out, i).add(t).intoArray(out, i);
      }
      for (; i < k; i++) {
        out[i] += v0 * g0[i] + v1 * g1[i] + v2 * g2[i] + v3 * g3[i];
      }
    }
    for (; j < k; j++) {
      axpy(v[vOffset + j], rows[j], out, 0, k);
    }
  }
}
