package org.ftlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalsTest {

  /** A standard normal draw (Box–Muller), so the tests need no other library. */
  static double gauss(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void meanIntervalMatchesTheClosedForm() {
    // x = 1..5: mean 3, sd sqrt(2.5); t_{0.975, 4} = 2.7764451 (tables)
    Interval i = Intervals.mean("x", new double[] {1, 2, 3, 4, 5}, 0.95);
    double h = 2.7764451 * Math.sqrt(2.5) / Math.sqrt(5);
    assertEquals(3, i.estimate(), 1e-15);
    assertEquals(3 - h, i.lo(), 1e-6, "lower end = mean - t s / sqrt(n), t from tables to 1e-7");
    assertEquals(3 + h, i.hi(), 1e-6, "upper end");
    assertEquals(5, i.n());
    assertEquals("95% t-interval of the mean over 5", i.test());
  }

  @Test
  void slopeIntervalMatchesTheClosedForm() {
    // y = 1 + 2x + e with e = (+0.1, -0.1, -0.1, +0.1) on x = 0..3 (residuals orthogonal to x)
    double[] x = {0, 1, 2, 3};
    double[] y = {1.1, 2.9, 4.9, 7.1};
    Interval s = Intervals.slope("y on x", x, y, 0.95);
    // the residuals are orthogonal to x and sum to 0, so OLS returns b = 2 and a = 1 exactly;
    // rss = 0.04, sxx = 5 -> se = sqrt(0.04 / 2 / 5); t_{0.975, 2} = 4.3026527 (tables)
    assertEquals(2.0, s.estimate(), 1e-12);
    assertEquals(4.3026527 * Math.sqrt(0.004), s.halfWidth(), 1e-7,
        "half-width = t_{0.975,2} * se");
  }

  @Test
  void slopeIntervalCoversATrueSlopeOfMinusOneHalfAtItsLevel() {
    SplittableRandom r = new SplittableRandom(7);
    double[] x = {10, 20, 40, 80, 160, 320};
    int reps = 2000;
    int covered = 0;
    for (int k = 0; k < reps; k++) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = 3 * Math.pow(x[i], -0.5) * Math.exp(0.1 * gauss(r));
      }
      if (Intervals.logLogSlope("error vs N", x, y, 0.95).contains(-0.5)) {
        covered++;
      }
    }
    double cover = covered / (double) reps;
    // binomial sd of the coverage at 0.95 over 2000 reps is 0.0049; allow 4 sd
    assertEquals(0.95, cover, 0.02, "coverage of the 95% log-log slope interval");
  }

  @Test
  void welchIntervalCoversTheDifferenceWithUnequalVariances() {
    SplittableRandom r = new SplittableRandom(11);
    int reps = 2000;
    int covered = 0;
    for (int k = 0; k < reps; k++) {
      double[] a = new double[6];
      double[] b = new double[15];
      for (int i = 0; i < a.length; i++) {
        a[i] = 1 + 3 * gauss(r);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = 0.5 * gauss(r);
      }
      if (Intervals.meanDifference("a - b", a, b, 0.95).contains(1)) {
        covered++;
      }
    }
    // Welch's interval is approximate; at these sizes its coverage is within 0.02 of nominal
    assertEquals(0.95, covered / (double) reps, 0.02, "coverage of Welch's interval");
  }

  @Test
  void sdRatioIntervalIsExactForNormalSamples() {
    SplittableRandom r = new SplittableRandom(5);
    int reps = 2000;
    int covered = 0;
    for (int k = 0; k < reps; k++) {
      double[] a = new double[10];
      double[] b = new double[10];
      for (int i = 0; i < 10; i++) {
        a[i] = 2 * gauss(r);
        b[i] = gauss(r);
      }
      if (Intervals.sdRatio("sd a / sd b", a, b, 0.95).contains(2)) {
        covered++;
      }
    }
    assertEquals(0.95, covered / (double) reps, 0.02, "coverage of the F interval for sd ratio 2");
  }

  @Test
  void bootstrapSdDifferenceSeparatesClearlyDifferentSpreadsAndNotEqualOnes() {
    SplittableRandom r = new SplittableRandom(3);
    int reps = 200;
    int excludedWhenEqual = 0;
    int belowZeroWhenDifferent = 0;
    for (int k = 0; k < reps; k++) {
      double[] a = new double[40];
      double[] b = new double[40];
      double[] c = new double[40];
      for (int i = 0; i < 40; i++) {
        a[i] = gauss(r);
        b[i] = gauss(r);
        c[i] = 3 * gauss(r);
      }
      if (!Intervals.sdDifference("equal", a, b, 0.95, 1000, k).contains(0)) {
        excludedWhenEqual++;
      }
      if (Intervals.sdDifference("different", a, c, 0.95, 1000, k).hi() < 0) {
        belowZeroWhenDifferent++;
      }
    }
    // percentile bootstrap of an sd at n = 40 under-covers a little: allow 10% false exclusions
    assertTrue(excludedWhenEqual <= 0.10 * reps, "equal spreads: 0 excluded in "
        + excludedWhenEqual + " of " + reps + " (at most 10% expected)");
    assertEquals(reps, belowZeroWhenDifferent, "sd 1 vs 3 at n = 40: the interval is below 0");
  }

  @Test
  void bootstrapIsSeededAndContainsTheEstimate() {
    double[] x = {0.3, 0.9, 0.1, 0.5, 0.7, 0.2};
    Intervals.Statistic mean = idx -> {
      double s = 0;
      for (int i : idx) {
        s += x[i];
      }
      return s / idx.length;
    };
    Interval a = Intervals.bootstrap("mean", x.length, mean, 0.9, 500, 42);
    Interval b = Intervals.bootstrap("mean", x.length, mean, 0.9, 500, 42);
    assertEquals(a, b, "same seed, same interval");
    assertTrue(a.contains(a.estimate()));
    assertEquals(0.45, a.estimate(), 1e-12);
  }

  @Test
  void spearmanOfAPerfectRankingIsOne() {
    Interval s = Intervals.spearman("rank", new double[] {1, 2, 3, 4, 5, 6},
        new double[] {10, 20, 25, 40, 41, 90}, 0.95);
    assertEquals(1.0, s.estimate(), 1e-12);
    assertTrue(s.lo() > 0.5, "six perfectly ranked pairs: lower end " + s.lo());
  }

  @Test
  void badInputsAreErrorsThatNameTheQuantityAndTheEntry() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Intervals.mean("cosine over seeds", new double[] {0.1, Double.NaN, 0.3}, 0.95));
    assertEquals("cosine over seeds: value 2 of 3 is NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Intervals.mean("beta over draws", new double[0], 0.95));
    assertTrue(e.getMessage().startsWith("beta over draws: no values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Intervals.mean("std over 1 seed", new double[] {2}, 0.95));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Intervals.logLogSlope("error vs N", new double[] {1, 2, 3}, new double[] {1, 0, 2},
            0.95));
    assertTrue(e.getMessage().contains("not positive"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Intervals.slope("flat", new double[] {1, 1, 1}, new double[] {1, 2, 3}, 0.95));
    assertTrue(e.getMessage().contains("all x values are equal"), e.getMessage());
  }

  @Test
  void sizeToExcludeScalesWithTheSquaredRatioOfHalfWidthToGap() {
    Interval i = new Interval(0.1, -0.1, 0.3, 0.95, "test", 10);
    // half-width 0.2, gap to 0 is 0.1: 10 * (0.2/0.1)^2 = 40
    assertEquals(40, i.sizeToExclude(0));
    assertEquals(Integer.MAX_VALUE, new Interval(0, -1, 1, 0.95, "t", 3).sizeToExclude(0));
  }
}
