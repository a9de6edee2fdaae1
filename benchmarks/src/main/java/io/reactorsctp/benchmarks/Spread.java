package io.reactorsctp.benchmarks;

import java.util.Collection;
import java.util.List;

/**
 * A figure over repetitions: median, smallest and largest. A ratio of two spreads takes the
 * extremes against each other ({@link #over}), so a target is judged only where even the least
 * favourable pairing of the repetitions stays on one side of its bar ({@link #verdict}).
 */
record Spread(double median, double min, double max, int runs) {
  static final String NOT_JUDGEABLE = "not judgeable (spread overlaps)";

  static Spread of(Collection<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
    if (sorted.isEmpty()) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Spread(median, sorted.getFirst(), sorted.getLast(), n);
  }

  /** This over {@code base}: medians over each other, the range from the extremes. */
  Spread over(Spread base) {
    return new Spread(
        median / base.median, min / base.max, max / base.min, Math.min(runs, base.runs));
  }

  /** (max - min) / median, in percent. */
  double percent() {
    return 100 * (max - min) / median;
  }

  /** "met", "not met" or {@value #NOT_JUDGEABLE}, for a bar the figure must reach or stay under. */
  String verdict(double bar, boolean atLeast) {
    if (Double.isNaN(median)) {
      return "–";
    }
    double low = atLeast ? min : -max;
    double high = atLeast ? max : -min;
    double b = atLeast ? bar : -bar;
    return low >= b ? "met" : high < b ? "not met" : NOT_JUDGEABLE;
  }

  /** "0.48× (0.46–0.50)". */
  String ratioText() {
    return Report.f("%.2f×", median)
        + " ("
        + Report.f("%.2f", min)
        + "–"
        + Report.f("%.2f", max)
        + ")";
  }
}
