package dev.aisle.trainer.tuning;

import java.util.Locale;
import java.util.Random;

/**
 * Where the tuner searches: a range per ALS hyperparameter, sampled log-uniformly (a factor of ten
 * is as likely near 0.01 as near 100, which is how these parameters matter). Factors are rounded to
 * a multiple of 8 (the kernels' unrolled width) within the range. Sweep counts are not searched:
 * early stopping chooses them per trial.
 */
public record SearchSpace(Range factors, Range regularization, Range alpha) {

  /** The wide defaults: factors 8–512, λ 10⁻³–10³, α 10⁻²–10². */
  public static SearchSpace wide() {
    return new SearchSpace(new Range(8, 512), new Range(1e-3, 1e3), new Range(1e-2, 1e2));
  }

  /** One sampled setting. */
  public record Point(int factors, float regularization, float alpha) {}

  /** The next point of a seeded search (log-uniform in every range). */
  public Point sample(Random random) {
    return new Point(
        roundFactors(factors.sample(random)),
        (float) regularization.sample(random),
        (float) alpha.sample(random));
  }

  private int roundFactors(double value) {
    int lo = (int) Math.ceil(factors.min());
    int hi = (int) Math.floor(factors.max());
    int rounded = (int) Math.round(value / 8) * 8;
    return Math.max(lo, Math.min(hi, Math.max(rounded, 1)));
  }

  /**
   * A closed range {@code min..max} with {@code 0 < min <= max}; {@code min == max} pins the
   * parameter.
   */
  public record Range(double min, double max) {

    public Range {
      if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "a range needs 0 < min <= max, got %s:%s", min, max));
      }
    }

    /** {@code "8:512"}, or one number for a pinned value. */
    public static Range parse(String text, String flag) {
      String[] parts = text.strip().split(":", -1);
      try {
        if (parts.length == 1) {
          double v = Double.parseDouble(parts[0].strip());
          return new Range(v, v);
        }
        if (parts.length == 2) {
          return new Range(
              Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + ": " + e.getMessage());
      }
      throw new IllegalArgumentException(
          flag + " expects MIN:MAX (e.g. 8:512), got '" + text + "'");
    }

    double sample(Random random) {
      if (min == max) {
        return min;
      }
      double lo = Math.log(min);
      double hi = Math.log(max);
      return Math.exp(lo + random.nextDouble() * (hi - lo));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%g:%g", min, max);
    }
  }
}
