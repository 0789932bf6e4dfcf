package org.ftlab.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.FDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Confidence intervals for the quantities the claims of both papers rest on: a mean over seeds, a
 * difference of means or of standard deviations between two methods, a slope (a rate exponent on
 * log-log axes), a rank correlation, and a percentile bootstrap for anything else.
 *
 * <p>Each function takes the name of what it estimates ({@code what}); invalid input (an empty or
 * too small sample, NaN or infinite values, a constant abscissa) is an
 * {@link IllegalArgumentException} whose message starts with that name and says what is wrong, so
 * a NaN can never turn into a verdict.
 */
public final class Intervals {
  private Intervals() {}

  /** Default confidence level of every claim: 95%. */
  public static final double LEVEL = 0.95;

  /** Default number of bootstrap resamples. */
  public static final int RESAMPLES = 4000;

  // ---- validation ----

  /**
   * Checks that a sample has at least {@code min} values and that all are finite.
   *
   * @throws IllegalArgumentException "WHAT: ..." naming the first bad entry
   */
  public static double[] finite(String what, double[] x, int min) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException(what + ": no values (an empty sample gives no estimate)");
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        throw new IllegalArgumentException(what + ": value " + (i + 1) + " of " + x.length
            + " is NaN");
      }
      if (Double.isInfinite(x[i])) {
        throw new IllegalArgumentException(what + ": value " + (i + 1) + " of " + x.length
            + " is infinite");
      }
    }
    if (x.length < min) {
      throw new IllegalArgumentException(what + ": " + x.length + " value"
          + (x.length == 1 ? "" : "s") + " give no interval; at least " + min + " are needed");
    }
    return x;
  }

  private static void level(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
  }

  /** The two-sided Student t quantile {@code t_{(1+level)/2, df}}. */
  public static double tQuantile(double level, double df) {
    level(level);
    return TDistribution.of(df).inverseCumulativeProbability((1 + level) / 2);
  }

  /** The two-sided standard normal quantile {@code z_{(1+level)/2}}. */
  public static double zQuantile(double level) {
    level(level);
    return NormalDistribution.of(0, 1).inverseCumulativeProbability((1 + level) / 2);
  }

  // ---- means ----

  /** Arithmetic mean (no validation). */
  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample standard deviation, divisor n − 1 (no validation; 0 for one value). */
  static double sd(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  /**
   * Student t-interval for the mean of {@code x}: {@code m ± t_{n-1} s / sqrt(n)}.
   *
   * @param what the quantity, e.g. "beta of rte over 5 draws"
   */
  public static Interval mean(String what, double[] x, double level) {
    finite(what, x, 2);
    int n = x.length;
    double m = mean(x);
    double h = tQuantile(level, n - 1) * sd(x) / Math.sqrt(n);
    return new Interval(m, m - h, m + h, level, "t-interval of the mean over " + n, n);
  }

  /**
   * Welch's t-interval for {@code mean(a) − mean(b)} (unequal variances, Welch–Satterthwaite
   * degrees of freedom).
   */
  public static Interval meanDifference(String what, double[] a, double[] b, double level) {
    finite(what + " (first group)", a, 2);
    finite(what + " (second group)", b, 2);
    double va = Math.pow(sd(a), 2) / a.length;
    double vb = Math.pow(sd(b), 2) / b.length;
    double d = mean(a) - mean(b);
    double se = Math.sqrt(va + vb);
    double df = se == 0 ? a.length + b.length - 2
        : Math.pow(va + vb, 2) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
    double h = tQuantile(level, df) * se;
    return new Interval(d, d - h, d + h, level, String.format(java.util.Locale.ROOT,
        "Welch t-interval of a difference of means (%d vs %d)", a.length, b.length),
        Math.min(a.length, b.length));
  }

  /** t-interval for the mean of the paired differences {@code a_i − b_i}. */
  public static Interval pairedDifference(String what, double[] a, double[] b, double level) {
    finite(what + " (first of each pair)", a, 2);
    finite(what + " (second of each pair)", b, 2);
    if (a.length != b.length) {
      throw new IllegalArgumentException(what + ": paired samples differ in length (" + a.length
          + " vs " + b.length + ")");
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    Interval m = mean(what, d, level);
    return new Interval(m.estimate(), m.lo(), m.hi(), level,
        "paired t-interval over " + d.length + " pairs", d.length);
  }

  // ---- slopes ----

  /**
   * Ordinary least-squares slope of {@code y} on {@code x} with its t-interval on {@code n − 2}
   * degrees of freedom (independent errors assumed; replicate runs at the same x are separate
   * points).
   */
  public static Interval slope(String what, double[] x, double[] y, double level) {
    finite(what + " (x)", x, 3);
    finite(what + " (y)", y, 3);
    if (x.length != y.length) {
      throw new IllegalArgumentException(what + ": x has " + x.length + " values, y has "
          + y.length);
    }
    int n = x.length;
    double mx = mean(x);
    double my = mean(y);
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException(what + ": all x values are equal, no slope");
    }
    double b = sxy / sxx;
    double a = my - b * mx;
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double e = y[i] - a - b * x[i];
      rss += e * e;
    }
    double se = Math.sqrt(rss / (n - 2) / sxx);
    double h = tQuantile(level, n - 2) * se;
    return new Interval(b, b - h, b + h, level, "t-interval of an OLS slope over " + n
        + " points", n);
  }

  /**
   * The slope of {@code log y} on {@code log x}: a power-law exponent, {@code y ~ x^slope}, with
   * the t-interval of {@link #slope}.
   */
  public static Interval logLogSlope(String what, double[] x, double[] y, double level) {
    finite(what + " (x)", x, 3);
    finite(what + " (y)", y, 3);
    double[] lx = new double[x.length];
    double[] ly = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] > 0)) {
        throw new IllegalArgumentException(what + ": x value " + (i + 1) + " = " + x[i]
            + " is not positive (log-log slope)");
      }
      lx[i] = Math.log(x[i]);
    }
    for (int i = 0; i < y.length; i++) {
      if (!(y[i] > 0)) {
        throw new IllegalArgumentException(what + ": y value " + (i + 1) + " = " + y[i]
            + " is not positive (log-log slope)");
      }
      ly[i] = Math.log(y[i]);
    }
    Interval s = slope(what, lx, ly, level);
    return new Interval(s.estimate(), s.lo(), s.hi(), level,
        "t-interval of a log-log OLS slope over " + x.length + " points", s.n());
  }

  // ---- spreads ----

  /**
   * Interval for the ratio of standard deviations {@code sd(a)/sd(b)} from the F distribution
   * (exact for normal samples): {@code [r / sqrt(F_hi), r / sqrt(F_lo)]} with {@code F} on
   * {@code (n_a − 1, n_b − 1)} degrees of freedom.
   */
  public static Interval sdRatio(String what, double[] a, double[] b, double level) {
    finite(what + " (first group)", a, 2);
    finite(what + " (second group)", b, 2);
    level(level);
    double sa = sd(a);
    double sb = sd(b);
    if (sb == 0) {
      throw new IllegalArgumentException(what + ": the second group has no spread (all "
          + b.length + " values equal), the ratio is undefined");
    }
    double r = sa / sb;
    FDistribution f = FDistribution.of(a.length - 1, b.length - 1);
    double fLo = f.inverseCumulativeProbability((1 - level) / 2);
    double fHi = f.inverseCumulativeProbability((1 + level) / 2);
    return new Interval(r, r / Math.sqrt(fHi), r / Math.sqrt(fLo), level,
        "F-interval of a ratio of standard deviations (" + a.length + " vs " + b.length + ")",
        Math.min(a.length, b.length));
  }

  /**
   * Percentile-bootstrap interval for {@code sd(a) − sd(b)}, resampling each group with
   * replacement ({@code resamples} times, seeded).
   */
  public static Interval sdDifference(String what, double[] a, double[] b, double level,
      int resamples, long seed) {
    finite(what + " (first group)", a, 2);
    finite(what + " (second group)", b, 2);
    level(level);
    if (resamples < 100) {
      throw new IllegalArgumentException(what + ": at least 100 bootstrap resamples are needed, got "
          + resamples);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    double[] ra = new double[a.length];
    double[] rb = new double[b.length];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < a.length; i++) {
        ra[i] = a[rng.nextInt(a.length)];
      }
      for (int i = 0; i < b.length; i++) {
        rb[i] = b[rng.nextInt(b.length)];
      }
      stats[r] = sd(ra) - sd(rb);
    }
    double[] q = percentiles(stats, level);
    return new Interval(sd(a) - sd(b), Math.min(q[0], sd(a) - sd(b)),
        Math.max(q[1], sd(a) - sd(b)), level, "percentile bootstrap (" + resamples
        + " resamples) of a difference of standard deviations (" + a.length + " vs " + b.length
        + ")", Math.min(a.length, b.length));
  }

  // ---- general bootstrap ----

  /** A statistic of a resample: receives the indices (with repetitions) of the units drawn. */
  @FunctionalInterface
  public interface Statistic {
    /** The statistic of the units {@code idx[0..n-1]}. */
    double of(int[] idx);
  }

  /**
   * Percentile-bootstrap interval of a statistic of {@code units} independent units (seeds, data
   * sets, draws): each resample draws {@code units} indices with replacement. The estimate is the
   * statistic of all units; the interval is widened to contain it if needed.
   *
   * @throws IllegalArgumentException if the statistic of the sample or of a resample is not finite
   */
  public static Interval bootstrap(String what, int units, Statistic statistic, double level,
      int resamples, long seed) {
    level(level);
    if (units < 2) {
      throw new IllegalArgumentException(what + ": " + units
          + " unit(s) give no bootstrap interval; at least 2 are needed");
    }
    if (resamples < 100) {
      throw new IllegalArgumentException(what + ": at least 100 bootstrap resamples are needed, got "
          + resamples);
    }
    int[] all = new int[units];
    for (int i = 0; i < units; i++) {
      all[i] = i;
    }
    double est = statistic.of(all);
    if (!Double.isFinite(est)) {
      throw new IllegalArgumentException(what + ": the statistic of the whole sample is " + est);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    int[] idx = new int[units];
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < units; i++) {
        idx[i] = rng.nextInt(units);
      }
      stats[r] = statistic.of(idx);
      if (!Double.isFinite(stats[r])) {
        throw new IllegalArgumentException(what + ": bootstrap resample " + (r + 1) + " gave "
            + stats[r] + " (units " + Arrays.toString(idx) + ")");
      }
    }
    double[] q = percentiles(stats, level);
    return new Interval(est, Math.min(q[0], est), Math.max(q[1], est), level,
        "percentile bootstrap (" + resamples + " resamples) over " + units + " units", units);
  }

  static double[] percentiles(double[] stats, double level) {
    double[] s = stats.clone();
    Arrays.sort(s);
    return new double[] {quantile(s, (1 - level) / 2), quantile(s, (1 + level) / 2)};
  }

  /** Linear-interpolation quantile of sorted values (type 7). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int i = (int) Math.floor(h);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
  }

  // ---- rank correlation ----

  /**
   * Spearman's rank correlation with the Fieller–Hartley–Pearson interval: {@code tanh(atanh(r) ±
   * z sqrt(1.06 / (n − 3)))}. Needs at least 4 pairs; a perfect correlation (|r| = 1) gives the
   * interval from {@code r = ±(1 − 1e-12)}.
   */
  public static Interval spearman(String what, double[] x, double[] y, double level) {
    finite(what + " (x)", x, 4);
    finite(what + " (y)", y, 4);
    if (x.length != y.length) {
      throw new IllegalArgumentException(what + ": x has " + x.length + " values, y has "
          + y.length);
    }
    double r = org.ftlab.util.RankCorrelation.spearman(x, y);
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException(what + ": rank correlation undefined (a constant ranking)");
    }
    int n = x.length;
    double rc = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, r));
    double z = 0.5 * Math.log((1 + rc) / (1 - rc));
    double h = zQuantile(level) * Math.sqrt(1.06 / (n - 3));
    return new Interval(r, Math.tanh(z - h), Math.tanh(z + h), level,
        "Fieller interval of Spearman's rho over " + n + " pairs", n);
  }
}
