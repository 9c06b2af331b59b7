package dev.aisle.linalg;

/**
 * Plain Java loops: the default, and the reference the vector implementation must equal bit for
 * bit.
 */
final class ScalarKernels implements Kernels {

  static final ScalarKernels INSTANCE = new ScalarKernels();

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int d = 0;
    for (; d + 7 < n; d += 8) {
      s0 += a[ao + d] * b[bo + d];
      s1 += a[ao + d + 1] * b[bo + d + 1];
      s2 += a[ao + d + 2] * b[bo + d + 2];
      s3 += a[ao + d + 3] * b[bo + d + 3];
      s4 += a[ao + d + 4] * b[bo + d + 4];
      s5 += a[ao + d + 5] * b[bo + d + 5];
      s6 += a[ao + d + 6] * b[bo + d + 6];
      s7 += a[ao + d + 7] * b[bo + d + 7];
    }
    for (; d < n; d++) {
      s0 += a[ao + d] * b[bo + d];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * Two rows per pass when n is a multiple of 8 (each query element loaded once for both; sixteen
   * partial sums still fit the registers): as fast as the four-row loop top-K scoring had before
   * the kernel, where one row at a time was about 15 % slower. Each row is summed as {@link #dot}.
   */
  @Override
  public void dotRows(
      float[] q, float[] rows, int firstRow, int count, int n, float[] out, int outOffset) {
    int r = 0;
    if ((n & 7) == 0) {
      for (; r + 1 < count; r += 2) {
        int o0 = (firstRow + r) * n;
        int o1 = o0 + n;
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
        float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f, b4 = 0f, b5 = 0f, b6 = 0f, b7 = 0f;
        for (int d = 0; d < n; d += 8) {
          float q0 = q[d];
          float q1 = q[d + 1];
          float q2 = q[d + 2];
          float q3 = q[d + 3];
          float q4 = q[d + 4];
          float q5 = q[d + 5];
          float q6 = q[d + 6];
          float q7 = q[d + 7];
          a0 += q0 * rows[o0 + d];
          a1 += q1 * rows[o0 + d + 1];
          a2 += q2 * rows[o0 + d + 2];
          a3 += q3 * rows[o0 + d + 3];
          a4 += q4 * rows[o0 + d + 4];
          a5 += q5 * rows[o0 + d + 5];
          a6 += q6 * rows[o0 + d + 6];
          a7 += q7 * rows[o0 + d + 7];
          b0 += q0 * rows[o1 + d];
          b1 += q1 * rows[o1 + d + 1];
          b2 += q2 * rows[o1 + d + 2];
          b3 += q3 * rows[o1 + d + 3];
          b4 += q4 * rows[o1 + d + 4];
          b5 += q5 * rows[o1 + d + 5];
          b6 += q6 * rows[o1 + d + 6];
          b7 += q7 * rows[o1 + d + 7];
        }
        out[outOffset + r] = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
        out[outOffset + r + 1] = ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));
      }
    }
    for (; r < count; r++) {
      out[outOffset + r] = dot(q, 0, rows, (firstRow + r) * n, n);
    }
  }

  @Override
  public void axpy(float s, float[] x, float[] y, int from, int to) {
    for (int j = from; j < to; j++) {
      y[j] += s * x[j];
    }
  }

  @Override
  public void symmetricMatVec(float[][] rows, float[] v, int vOffset, float[] out, int k) {
    java.util.Arrays.fill(out, 0, k, 0f);
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
      for (int i = 0; i < k; i++) {
        out[i] += v0 * g0[i] + v1 * g1[i] + v2 * g2[i] + v3 * g3[i];
      }
    }
    for (; j < k; j++) {
      float vj = v[vOffset + j];
      float[] g = rows[j];
      for (int i = 0; i < k; i++) {
        out[i] += vj * g[i];
      }
    }
  }
}
