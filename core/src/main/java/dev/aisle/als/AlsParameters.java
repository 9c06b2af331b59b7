package dev.aisle.als;

/**
 * Hyperparameters of implicit ALS.
 *
 * @param factors rank k of the factor matrices
 * @param iterations full sweeps (users, then items)
 * @param regularization λ added to the diagonal of every row's system (not scaled by the row's
 *     count)
 * @param alpha confidence slope: c = 1 + alpha · w
 * @param solver conjugate gradient (default) or exact Cholesky
 * @param cgSteps CG steps per row and sweep (warm-started, so 3 is usually enough)
 * @param seed seed of the random initial factors: the same seed gives the same model
 * @param threads worker threads (rows are spread over them; the result does not depend on it)
 * @param weightedRegularization λ·nᵤ instead of λ on each row's diagonal (nᵤ = the row's stored
 *     entries, at least 1), as ALS-WR and Spark MLlib do; the stream fold-in uses plain λ
 */
public record AlsParameters(
    int factors,
    int iterations,
    float regularization,
    float alpha,
    Solver solver,
    int cgSteps,
    long seed,
    int threads,
    boolean weightedRegularization) {

  public enum Solver {
    CG,
    CHOLESKY
  }

  public AlsParameters {
    if (factors < 1 || factors > 1024) {
      throw new IllegalArgumentException("factors must be in 1..1024, got " + factors);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
    }
    if (!(regularization > 0) || Float.isInfinite(regularization)) {
      throw new IllegalArgumentException("regularization must be > 0, got " + regularization);
    }
    if (!(alpha >= 0) || Float.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
    }
    if (cgSteps < 1) {
      throw new IllegalArgumentException("cgSteps must be >= 1, got " + cgSteps);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (solver == null) {
      solver = Solver.CG;
    }
  }

  public AlsParameters(
      int factors,
      int iterations,
      float regularization,
      float alpha,
      Solver solver,
      int cgSteps,
      long seed,
      int threads) {
    this(factors, iterations, regularization, alpha, solver, cgSteps, seed, threads, false);
  }

  public static AlsParameters of(int factors, int iterations, float regularization, float alpha) {
    return new AlsParameters(
        factors,
        iterations,
        regularization,
        alpha,
        Solver.CG,
        3,
        42L,
        Runtime.getRuntime().availableProcessors());
  }

  public AlsParameters withWeightedRegularization(boolean value) {
    return new AlsParameters(
        factors, iterations, regularization, alpha, solver, cgSteps, seed, threads, value);
  }

  public AlsParameters withFactors(int value) {
    return new AlsParameters(
        value,
        iterations,
        regularization,
        alpha,
        solver,
        cgSteps,
        seed,
        threads,
        weightedRegularization);
  }

  public AlsParameters withIterations(int value) {
    return new AlsParameters(
        factors,
        value,
        regularization,
        alpha,
        solver,
        cgSteps,
        seed,
        threads,
        weightedRegularization);
  }

  public AlsParameters withRegularization(float value) {
    return new AlsParameters(
        factors, iterations, value, alpha, solver, cgSteps, seed, threads, weightedRegularization);
  }

  public AlsParameters withAlpha(float value) {
    return new AlsParameters(
        factors,
        iterations,
        regularization,
        value,
        solver,
        cgSteps,
        seed,
        threads,
        weightedRegularization);
  }

  public AlsParameters withSolver(Solver value) {
    return new AlsParameters(
        factors,
        iterations,
        regularization,
        alpha,
        value,
        cgSteps,
        seed,
        threads,
        weightedRegularization);
  }

  public AlsParameters withSeed(long value) {
    return new AlsParameters(
        factors,
        iterations,
        regularization,
        alpha,
        solver,
        cgSteps,
        value,
        threads,
        weightedRegularization);
  }

  public AlsParameters withThreads(int value) {
    return new AlsParameters(
        factors,
        iterations,
        regularization,
        alpha,
        solver,
        cgSteps,
        seed,
        value,
        weightedRegularization);
  }
}
