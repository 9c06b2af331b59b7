package dev.aisle.trainer.tuning;

import java.util.ArrayList;
import java.util.List;

/** The grid of ALS hyperparameters to search; iterations are chosen by early stopping per trial. */
public record SearchSpace(List<Integer> factors, List<Float> regularization, List<Float> alpha) {

  public SearchSpace {
    if (factors.isEmpty() || regularization.isEmpty() || alpha.isEmpty()) {
      throw new IllegalArgumentException("every tuned parameter needs at least one value");
    }
    factors = List.copyOf(factors);
    regularization = List.copyOf(regularization);
    alpha = List.copyOf(alpha);
  }

  /** One point of the grid. */
  public record Point(int factors, float regularization, float alpha) {}

  /** Every point, in a fixed order. */
  public List<Point> grid() {
    List<Point> points = new ArrayList<>();
    for (int f : factors) {
      for (float r : regularization) {
        for (float a : alpha) {
          points.add(new Point(f, r, a));
        }
      }
    }
    return points;
  }
}
