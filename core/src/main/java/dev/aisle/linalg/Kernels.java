package dev.aisle.linalg;

/** One implementation of {@link FloatKernels}' loops (see there for the contract of each). */
interface Kernels {

  String name();

  /** False when this implementation would be slower than scalar on this machine. */
  default boolean usable() {
    return true;
  }

  float dot(float[] a, int ao, float[] b, int bo, int n);

  void dotRows(float[] q, float[] rows, int firstRow, int count, int n, float[] out, int outOffset);

  void axpy(float s, float[] x, float[] y, int from, int to);

  void symmetricMatVec(float[][] rows, float[] v, int vOffset, float[] out, int k);
}
